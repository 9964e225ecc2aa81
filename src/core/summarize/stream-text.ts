import type { CompletionRequest, FinishReason, LlmEngine } from '../llm-engine.ts';
import type { Usage } from '../usage.ts';

/** The whole text of a streamed completion and why it ended. */
export interface StreamedText {
  text: string;
  finishReason: FinishReason;
  usage?: Usage;
}

/**
 * Streams one completion and collects its text, calling `onText` with the text so far after
 * each delta. An aborted signal ends it with finishReason `abort` (also when the engine
 * stops without a final event).
 * @throws EngineError whatever the engine throws.
 */
export async function streamText(
  engine: LlmEngine,
  request: CompletionRequest,
  options: { signal?: AbortSignal; onText?: (textSoFar: string) => void } = {},
): Promise<StreamedText> {
  let text = '';
  for await (const event of engine.stream(request, options.signal)) {
    if (event.type === 'done') return { text, finishReason: event.finishReason, usage: event.usage };
    text += event.text;
    options.onText?.(text);
  }
  return { text, finishReason: options.signal?.aborted ? 'abort' : 'stop' };
}
