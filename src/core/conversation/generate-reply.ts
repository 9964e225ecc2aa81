import type { Chat } from '../chat.ts';
import { AppError, EngineError } from '../errors/index.ts';
import { newId, type MessageId } from '../ids.ts';
import type { FinishReason, LlmEngine } from '../llm-engine.ts';
import type { InterruptReason, Message } from '../message.ts';
import type { Persona } from '../persona.ts';
import type { MessageRepository } from '../repository.ts';
import type { Usage } from '../usage.ts';
import type { PreparedReply, ReplyStrategy } from './reply-strategy.ts';
import { createThrottledWriter, type Timers } from './throttled-writer.ts';

/** Ports and callbacks for one reply. */
export interface GenerateReplyOptions {
  messages: MessageRepository;
  engine: LlmEngine;
  strategy: ReplyStrategy;
  now: () => number;
  signal?: AbortSignal;
  /** Called with the in-memory message on every change (for the UI). */
  onUpdate?: (message: Message) => void;
  /** Called when saving a partial reply failed; the reply keeps streaming and the save is retried. */
  onSaveError?: (error: unknown) => void;
  /** Maximum time between saves of the streaming text (default 400 ms). */
  flushIntervalMs?: number;
  timers?: Timers;
}

/** The outcome of one reply; `error` is set when the engine failed (the message is still saved). */
export interface ReplyOutcome {
  message: Message;
  error?: AppError;
}

function finalStatus(finish: FinishReason, interrupt?: InterruptReason): Pick<Message, 'status' | 'interruptReason'> {
  if (finish === 'abort') return { status: 'interrupted', interruptReason: 'user-stop' };
  if (finish === 'length' || interrupt) return { status: 'interrupted', interruptReason: interrupt ?? 'max-tokens' };
  return { status: 'complete', interruptReason: undefined };
}

/** Stores the exact content sent for the newest user line, so later prompts re-send it byte-identical. */
async function storeSentForm(messages: MessageRepository, history: Message[], userSent: string | undefined): Promise<void> {
  const last = history.at(-1);
  if (userSent === undefined || last?.role !== 'user' || last.raw === userSent) return;
  await messages.patch(last.id, { raw: userSent });
  history[history.length - 1] = { ...last, raw: userSent };
}

function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new EngineError('engine-failed', `The model stopped with an unexpected error (${String(error).slice(0, 200)}). Your chat is saved; try again.`, {
    cause: error,
  });
}

/**
 * Generates the character's reply to `history` and stores it as it streams: the message is
 * created (status `streaming`) before the first token, saved at least every `flushIntervalMs`,
 * and finished as `complete`, `interrupted` (stop / token limit / engine failure after some
 * text) or `error` (failure before any text). Never throws for engine failures: they are
 * returned in the outcome so the caller can show them.
 * @throws StorageError when the reply cannot be created or its final state cannot be saved.
 */
export async function generateReply(chat: Chat, persona: Persona, history: Message[], options: GenerateReplyOptions): Promise<ReplyOutcome> {
  const { messages, engine, strategy, now, signal, onUpdate } = options;
  const lastSeq = history.at(-1)?.seq ?? (await messages.lastSeq(chat.id));
  const started = now();
  let message: Message = {
    id: newId<MessageId>(),
    chatId: chat.id,
    seq: lastSeq + 1,
    role: 'assistant',
    text: '',
    raw: '',
    status: 'streaming',
    createdAt: started,
    updatedAt: started,
    engine: engine.id,
    model: engine.modelId ?? undefined,
  };
  await messages.put(message);
  onUpdate?.(message);

  const writer = createThrottledWriter<Message>(
    (m) => messages.patch(m.id, { text: m.text, raw: m.raw, updatedAt: m.updatedAt }),
    options.flushIntervalMs ?? 400,
    (error) => options.onSaveError?.(error),
    options.timers,
  );

  let raw = '';
  let finish: FinishReason | null = null;
  let usage: Usage | undefined;
  let failure: AppError | undefined;
  let parse: PreparedReply['parse'] = (text) => ({ text: text.trim(), raw: text });
  try {
    const prepared = await strategy.prepare(persona, history, engine);
    parse = prepared.parse;
    await storeSentForm(messages, history, prepared.userSent);
    for await (const event of engine.stream(prepared.request, signal)) {
      if (event.type === 'delta') {
        raw += event.text;
        const parsed = parse(raw, null);
        message = { ...message, text: parsed.text, raw, updatedAt: now() };
        writer.update(message);
        onUpdate?.(message);
      } else {
        finish = event.finishReason;
        usage = event.usage;
      }
    }
  } catch (error) {
    failure = toAppError(error);
  }
  writer.cancel();

  const parsed = parse(raw, finish);
  const ended: Partial<Message> = failure
    ? parsed.text
      ? { status: 'interrupted', interruptReason: 'engine-error' }
      : { status: 'error', interruptReason: undefined }
    : finalStatus(finish ?? 'stop', parsed.interruptReason);
  message = {
    ...message,
    ...ended,
    text: parsed.text,
    raw: parsed.raw,
    usage,
    error: failure ? { code: failure.code, message: failure.message } : undefined,
    updatedAt: now(),
  };
  await writer.flush();
  await messages.put(message);
  onUpdate?.(message);
  return failure ? { message, error: failure } : { message };
}
