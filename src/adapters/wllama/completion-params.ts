import { assistantHeader, chatMlTurn, turnOpen } from '../../core/prompt/layouts.ts';
import type { CompletionInput, CompletionRequest, FinishReason } from '../../core/llm-engine.ts';
import type { Usage } from '../../core/usage.ts';

/**
 * The raw prompt for an input: a prompt is sent as is; a message list is rendered as Qwen
 * ChatML and opened for the assistant's reply (with Qwen3's empty thinking block when
 * thinking is off, as its chat template does).
 */
export function renderPrompt(input: CompletionInput, thinkingModel: boolean, enableThinking = false): string {
  if (input.kind === 'prompt') return input.prompt;
  const header = enableThinking ? turnOpen('assistant') : assistantHeader(thinkingModel);
  return input.messages.map((m) => chatMlTurn(m.role, m.content)).join('') + header;
}

/**
 * Body of a llama.cpp server completion request (the JSON wllama forwards to its embedded
 * `llama-server` context). Keys are the server's own names (`repeat_penalty`, `json_schema`);
 * `cache_prompt` keeps the slot's KV cache so a prompt that shares a prefix with the previous
 * one is only prefilled from where they differ.
 */
export function completionParams(request: CompletionRequest, thinkingModel: boolean): Record<string, unknown> {
  const s = request.sampling ?? {};
  const params: Record<string, unknown> = {
    prompt: renderPrompt(request.input, thinkingModel, request.enableThinking),
    stop: request.stop ?? [],
    max_tokens: request.maxTokens,
    temperature: s.temperature,
    top_p: s.topP,
    top_k: s.topK,
    repeat_penalty: s.repetitionPenalty,
    presence_penalty: s.presencePenalty,
    frequency_penalty: s.frequencyPenalty,
    seed: s.seed,
    cache_prompt: true,
  };
  if (request.responseFormat) params.json_schema = request.responseFormat.schema;
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
}

/** The server's finish reason as the port's. */
export function toFinishReason(reason: string | null | undefined): FinishReason {
  return reason === 'length' ? 'length' : 'stop';
}

/** The usage and timing fields of a llama.cpp server chunk that {@link toUsage} reads. */
export interface ServerUsageChunk {
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  timings?: { prompt_n: number; prompt_ms: number; prompt_per_second: number; predicted_per_second: number };
}

/** Token counts and speeds of a finished completion (prefill counts only the tokens not reused from the cache). */
export function toUsage(chunk: ServerUsageChunk): Usage | undefined {
  if (!chunk.usage) return undefined;
  const t = chunk.timings;
  return {
    promptTokens: chunk.usage.prompt_tokens,
    completionTokens: chunk.usage.completion_tokens,
    prefillTokens: t?.prompt_n,
    prefillTokensPerSecond: t && t.prompt_n > 0 ? t.prompt_per_second : undefined,
    decodeTokensPerSecond: t?.predicted_per_second,
    timeToFirstTokenSeconds: t ? t.prompt_ms / 1000 : undefined,
  };
}
