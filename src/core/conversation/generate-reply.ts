import type { Chat } from '../chat.ts';
import { AppError, EngineError } from '../errors/index.ts';
import { isGroupChat } from '../group-chat.ts';
import { msg } from '../i18n/message.ts';
import { newId, type MessageId } from '../ids.ts';
import type { FinishReason, LlmEngine } from '../llm-engine.ts';
import type { InterruptReason, Message } from '../message.ts';
import type { Persona } from '../persona/index.ts';
import type { MessageRepository } from '../repository.ts';
import type { Usage } from '../usage.ts';
import type { ParsedReply, PreparedReply, ReplyStrategy } from './reply-strategy.ts';
import { createThrottledWriter, type Timers } from './throttled-writer.ts';
import { replaceActiveVariant } from './variants.ts';

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
  /** True when the run added nothing (stopped, failed or empty) and the message was put back as it was. */
  unchanged?: boolean;
  /**
   * True when a new reply failed before its first word: nothing of it is kept (the error is
   * the outcome's), so the chat shows no empty row and the user line waits for an answer.
   */
  removed?: boolean;
  /**
   * The model ended its turn by itself (not stopped, not cut by the length limit, not ended by the
   * reader at a line's closing quote, not by a stop string the engine reset its cache for, no
   * failure): an engine that keeps its cache can reuse it for the next reply.
   */
  cleanEnd?: boolean;
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

/** The engine's usage with the prompt's size filled in when the engine reports only what it prefilled. */
function withPromptSize(usage: Usage | undefined, promptTokens: number | undefined): Usage | undefined {
  if (!usage || usage.promptTokens !== undefined || promptTokens === undefined) return usage;
  return { ...usage, promptTokens };
}

/** Wraps an unexpected failure as an `EngineError` whose message tells the user to try again. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const detail = String(error).slice(0, 200);
  return new EngineError('engine-failed', msg('conversation.error.unexpected', { detail }), { cause: error });
}

/** What a failed reply stores of its error: code, English message and, when the error has one, its message for the interface. */
export function storedError(error: AppError): NonNullable<Message['error']> {
  return { code: error.code, message: error.message, ...(error.text === undefined ? {} : { text: error.text }) };
}

/** One streamed run into a message: a new reply, a new variant of one, or the rest of one. */
export interface ReplyRun {
  /** The message as stored (status `streaming`) before the first token; its active variant receives the stream. */
  message: Message;
  /** Builds the request; called after `message` is stored. */
  prepare(): Promise<PreparedReply>;
  /** The message's text before the run: a run whose parsed text is still this added nothing. */
  baseText: string;
  /**
   * Stored back (and returned, `unchanged` set) when the run added nothing and failed, was
   * stopped or left no text; unset keeps the finished message as it is (e.g. an `error` reply).
   * A run that ended normally with its text intact but nothing new (a continued line the model
   * just closed) is kept, with its new status.
   */
  restore?: Message;
}

function endedState(failure: AppError | undefined, finish: FinishReason | null, parsed: ParsedReply): Pick<Message, 'status' | 'interruptReason'> {
  if (!failure) return finalStatus(finish ?? 'stop', parsed.interruptReason);
  return parsed.text ? { status: 'interrupted', interruptReason: 'engine-error' } : { status: 'error', interruptReason: undefined };
}

/** The fields a partial save writes: the streamed text, and the variants when the message has them. */
function partialChanges(m: Message): Partial<Message> {
  return { text: m.text, raw: m.raw, updatedAt: m.updatedAt, ...(m.variants ? { variants: m.variants, activeVariant: m.activeVariant } : {}) };
}

/**
 * Streams one run into `run.message` (its active variant when it has variants): stores it
 * first, saves the text at least every `flushIntervalMs`, and finishes it as `complete`,
 * `interrupted` (stop / token limit / engine failure after some text); a new reply that failed
 * before any text is deleted again (`removed`). When the run added nothing and `run.restore`
 * is set, that message is stored back instead. Engine failures are returned in the outcome, never thrown.
 * @throws StorageError when the message cannot be stored or its final state cannot be saved.
 */
export async function streamReply(history: Message[], run: ReplyRun, options: GenerateReplyOptions): Promise<ReplyOutcome> {
  const { messages, engine, now, signal, onUpdate } = options;
  let message = run.message;
  await messages.put(message);
  onUpdate?.(message);

  const writer = createThrottledWriter<Message>(
    (m) => messages.patch(m.id, partialChanges(m)),
    options.flushIntervalMs ?? 400,
    (error) => options.onSaveError?.(error),
    options.timers,
  );

  let raw = '';
  let finish: FinishReason | null = null;
  let usage: Usage | undefined;
  let cacheReset = false;
  let failure: AppError | undefined;
  let parse: PreparedReply['parse'] = (text) => ({ text: text.trim(), raw: text });
  // The turn ended (a line reached its closing quote) while the model kept writing: stop the engine here, not the user.
  const ended = new AbortController();
  const stop = signal ? AbortSignal.any([signal, ended.signal]) : ended.signal;
  try {
    const prepared = await run.prepare();
    parse = prepared.parse;
    await storeSentForm(messages, history, prepared.userSent);
    // A group chat's character made to speak after another: keep the cue it was sent with.
    if (history.at(-1)?.role !== 'user' && prepared.userSent) message = { ...message, cue: prepared.userSent };
    for await (const event of engine.stream(prepared.request, stop)) {
      if (event.type === 'delta') {
        raw += event.text;
        const parsed = parse(raw, null);
        message = replaceActiveVariant(message, { text: parsed.text, raw: parsed.raw }, now());
        writer.update(message);
        onUpdate?.(message);
        if (parsed.ended && !ended.signal.aborted) ended.abort();
      } else {
        finish = event.finishReason;
        usage = withPromptSize(event.usage, prepared.promptTokens);
        cacheReset = event.cacheReset === true;
      }
    }
  } catch (error) {
    failure = toAppError(error);
  }
  writer.cancel();
  const endedByReader = ended.signal.aborted && !signal?.aborted;
  if (endedByReader && finish === 'abort') finish = 'stop';

  const parsed = parse(raw, finish);
  const finishedClean = !failure && (finish === 'stop' || finish === 'length') && parsed.text.trim() !== '';
  const unchanged = run.restore !== undefined && parsed.text === run.baseText && !finishedClean;
  if (failure && !run.restore && parsed.text === '') {
    await messages.delete(message.id);
    return { message, error: failure, removed: true };
  }
  // A new reply that ended with nothing to show (the model wrote nothing, or only another
  // speaker's line): no empty message is kept; the user line waits for an answer.
  if (!failure && !run.restore && parsed.text.trim() === '' && finish !== 'abort') {
    await messages.delete(message.id);
    return { message, error: new EngineError('empty-reply', msg('conversation.error.emptyReply')), removed: true };
  }
  if (run.restore && unchanged) message = run.restore;
  else {
    const error = failure ? storedError(failure) : undefined;
    message = replaceActiveVariant(message, { ...endedState(failure, finish, parsed), text: parsed.text, raw: parsed.raw, usage, error }, now());
  }
  await writer.flush();
  await messages.put(message);
  onUpdate?.(message);
  const cleanEnd = !failure && !endedByReader && !cacheReset && finish === 'stop' && !unchanged;
  return { message, ...(failure ? { error: failure } : {}), ...(unchanged ? { unchanged } : {}), ...(cleanEnd ? { cleanEnd } : {}) };
}

/**
 * Generates the character's reply to `history` and stores it as it streams (in a group chat,
 * `persona` is the character speaking, stored as its `speakerId`; `history` may then end with
 * another character's turn): the message is
 * created (status `streaming`) before the first token, saved at least every `flushIntervalMs`,
 * and finished as `complete` or `interrupted` (stop / token limit / engine failure after some
 * text); a failure before any text leaves nothing stored (`removed`). Never throws for engine failures: they are
 * returned in the outcome so the caller can show them.
 * @throws StorageError when the reply cannot be created or its final state cannot be saved.
 */
export async function generateReply(chat: Chat, persona: Persona, history: Message[], options: GenerateReplyOptions): Promise<ReplyOutcome> {
  const { messages, engine, strategy, now } = options;
  const lastSeq = history.at(-1)?.seq ?? (await messages.lastSeq(chat.id));
  const started = now();
  const message: Message = {
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
    ...(isGroupChat(chat) ? { speakerId: persona.id } : {}),
  };
  return streamReply(history, { message, baseText: '', prepare: () => strategy.prepare(persona, history, engine) }, options);
}
