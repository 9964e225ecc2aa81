import type { CompletionRequest, FinishReason, LlmEngine } from '../llm-engine.ts';

/** The whole text of one completion and why it ended. */
export interface CompletedText {
  text: string;
  finishReason: FinishReason;
}

/**
 * Runs one completion on `engine` and joins the streamed text.
 * @throws EngineError when the engine fails (passed through unchanged).
 */
export async function completeText(engine: LlmEngine, request: CompletionRequest, signal?: AbortSignal): Promise<CompletedText> {
  let text = '';
  for await (const event of engine.stream(request, signal)) {
    if (event.type === 'delta') text += event.text;
    else return { text, finishReason: event.finishReason };
  }
  return { text, finishReason: signal?.aborted ? 'abort' : 'stop' };
}
