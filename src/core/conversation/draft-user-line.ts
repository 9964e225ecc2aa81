import type { AppError } from '../errors/index.ts';
import type { FinishReason, LlmEngine } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import type { Persona } from '../persona/index.ts';
import { toAppError } from './generate-reply.ts';
import type { PreparedReply, ReplyStrategy } from './reply-strategy.ts';

/** Ports and callbacks for one drafted user line. */
export interface DraftUserLineOptions {
  engine: LlmEngine;
  strategy: ReplyStrategy;
  signal?: AbortSignal;
  /** Called with the clean line so far (no name, no quotes) on every change. */
  onDelta?: (text: string) => void;
}

/**
 * Impersonate: the model drafts the user's next line (as `userDisplayName(persona)`) after
 * `history`, stopping at the closing quote. Returns the clean line (no name, no quotes) for
 * the user to edit; stores nothing. When stopped, the text so far is returned. Engine
 * failures are returned in `error` (with whatever text arrived), never thrown.
 */
export async function draftUserLine(persona: Persona, history: Message[], options: DraftUserLineOptions): Promise<{ text: string; error?: AppError }> {
  const { engine, strategy, signal, onDelta } = options;
  let prepared: PreparedReply;
  try {
    prepared = await strategy.prepareImpersonate(persona, history, engine);
  } catch (error) {
    return { text: '', error: toAppError(error) };
  }
  let raw = '';
  let finish: FinishReason | null = null;
  let shown = '';
  const ended = new AbortController();
  const stop = signal ? AbortSignal.any([signal, ended.signal]) : ended.signal;
  try {
    for await (const event of engine.stream(prepared.request, stop)) {
      if (event.type === 'done') {
        finish = event.finishReason;
        continue;
      }
      raw += event.text;
      const parsed = prepared.parse(raw, null);
      if (parsed.text !== shown) onDelta?.(parsed.text);
      shown = parsed.text;
      if (parsed.ended && !ended.signal.aborted) ended.abort();
    }
  } catch (error) {
    return { text: prepared.parse(raw, 'abort').text, error: toAppError(error) };
  }
  if (ended.signal.aborted && !signal?.aborted) finish = 'stop';
  return { text: prepared.parse(raw, finish ?? 'stop').text };
}
