/**
 * Helpers for reading what a model wrote, shared by every caller of an engine: thinking blocks
 * and collecting a stream into text.
 */
import type { CompletionRequest, FinishReason, LlmEngine } from './llm-engine.ts';
import type { Usage } from './usage.ts';

/**
 * The empty thinking block Qwen3's chat template puts at the start of a reply when thinking
 * is off (WebLLM adds it to the prompt and to the reply text; a raw prompt writes it itself).
 */
export const EMPTY_THINK_BLOCK = '<think>\n\n</think>\n\n';

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/** True while streamed output is still inside (or opening) a leading `<think>` block. */
export function insideThinking(output: string): boolean {
  const t = output.trimStart();
  if (t === '') return false;
  if (THINK_OPEN.startsWith(t)) return true;
  return t.toLowerCase().startsWith(THINK_OPEN) && !t.toLowerCase().includes(THINK_CLOSE);
}

/**
 * The output after a leading `<think>…</think>` block (any case, the whitespace after it
 * dropped), the output itself when it has none, or null when a block was opened and never closed.
 */
export function stripThinking(output: string): string | null {
  const t = output.trimStart();
  if (!t.toLowerCase().startsWith(THINK_OPEN)) return output;
  const end = t.toLowerCase().indexOf(THINK_CLOSE);
  if (end < 0) return null;
  return t.slice(end + THINK_CLOSE.length).trimStart();
}

/** The whole text of a streamed completion and why it ended. */
export interface CollectedText {
  text: string;
  finishReason: FinishReason;
  usage?: Usage;
}

/**
 * Streams one completion and joins its text, calling `onText` with the text so far after each
 * delta. An aborted signal ends it with finishReason `abort` (also when the engine stops
 * without a final event).
 * @throws EngineError whatever the engine throws.
 */
export async function collectText(
  engine: LlmEngine,
  request: CompletionRequest,
  options: { signal?: AbortSignal; onText?: (textSoFar: string) => void } = {},
): Promise<CollectedText> {
  let text = '';
  for await (const event of engine.stream(request, options.signal)) {
    if (event.type === 'done') return { text, finishReason: event.finishReason, usage: event.usage };
    text += event.text;
    options.onText?.(text);
  }
  return { text, finishReason: options.signal?.aborted ? 'abort' : 'stop' };
}
