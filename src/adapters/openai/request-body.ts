import type { CompletionRequest } from '../../core/llm-engine.ts';
import type { SamplingOptions } from '../../core/sampling.ts';

/** Where a request goes, relative to the base URL, and the JSON body to send. */
export interface OpenAiRequest {
  path: '/chat/completions' | '/completions';
  body: Record<string, unknown>;
}

/**
 * Maps an engine request to an OpenAI-protocol streaming request.
 * A `prompt` input goes to `/completions` (raw completion), a `chat` input to
 * `/chat/completions`. Non-standard fields are sent for the servers that know them and are
 * ignored by the others: `top_k`, `repetition_penalty` (vLLM), `repeat_penalty` (llama.cpp,
 * LM Studio), and `chat_template_kwargs.enable_thinking` (vLLM, llama.cpp with --jinja;
 * Qwen3 chat templates read it).
 */
export function buildRequest(model: string, request: CompletionRequest): OpenAiRequest {
  const body: Record<string, unknown> = { model };
  const path = request.input.kind === 'prompt' ? '/completions' : '/chat/completions';
  if (request.input.kind === 'prompt') body.prompt = request.input.prompt;
  else body.messages = request.input.messages.map((m) => ({ role: m.role, content: m.content }));
  body.stream = true;
  body.stream_options = { include_usage: true };
  if (request.maxTokens !== undefined) body.max_tokens = request.maxTokens;
  if (request.stop && request.stop.length > 0) body.stop = [...request.stop];
  Object.assign(body, samplingFields(request.sampling ?? {}));
  if (request.responseFormat) {
    body.response_format = {
      type: 'json_schema',
      json_schema: { name: 'output', schema: request.responseFormat.schema, strict: true },
    };
  }
  if (request.enableThinking === false && path === '/chat/completions') {
    body.chat_template_kwargs = { enable_thinking: false };
  }
  return { path, body };
}

function samplingFields(s: SamplingOptions): Record<string, number> {
  const fields: Record<string, number | undefined> = {
    temperature: s.temperature,
    top_p: s.topP,
    top_k: s.topK,
    repetition_penalty: s.repetitionPenalty,
    repeat_penalty: s.repetitionPenalty,
    presence_penalty: s.presencePenalty,
    frequency_penalty: s.frequencyPenalty,
    seed: s.seed,
  };
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out;
}
