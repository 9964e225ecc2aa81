import { ValidationError } from '../errors/index.ts';
import { parseReply } from './parse-reply.ts';
import type { HistoryMessage, Speakers } from './prompt-layout.ts';
import { formatLine } from './quote-style.ts';

/** The canonical quoted line of a stored message: `Me: "…"` or `Name: "…"`. */
export function canonicalLine(message: HistoryMessage, s: Speakers): string {
  const speaker = message.role === 'user' ? s.userName : s.name;
  return formatLine(speaker, message.text, s.language);
}

/**
 * The content the chat layout sends for an earlier message, byte-identical from turn to turn.
 *
 * User message: its stored `raw` (the exact content sent when it was new, retrieved notes
 * included) if that still ends with the canonical line of its current text; otherwise the
 * canonical line. Assistant message: its stored `raw` (the engine's output verbatim, e.g.
 * `<think>\n\n</think>\n\nName: "…"`) if it starts with the model's own `Name:` prefix and still
 * parses to the current text; otherwise the canonical line. So a reply made by the single
 * layout, an edited message, a reply without the prefix and an interrupted reply (after which
 * WebLLM resets its cache anyway) fall back to the canonical, closed line:
 * deterministic, so the prefix stays stable on later turns (one cache reset at most).
 */
export function chatSentForm(message: HistoryMessage, s: Speakers): string {
  const hit = sentFormMemo.get(message);
  if (hit && hit.text === message.text && hit.raw === message.raw && hit.status === message.status && hit.speakers === speakersKey(s)) return hit.form;
  const form = computeSentForm(message, s);
  sentFormMemo.set(message, { text: message.text, raw: message.raw, status: message.status, speakers: speakersKey(s), form });
  return form;
}

interface SentFormMemo {
  text: string;
  raw: string | undefined;
  status: HistoryMessage['status'];
  speakers: string;
  form: string;
}

/** Per message object: the sent form is recomputed only when the message or speakers change. */
const sentFormMemo = new WeakMap<HistoryMessage, SentFormMemo>();

function speakersKey(s: Speakers): string {
  return `${s.name}\u0000${s.userName}\u0000${s.language}`;
}

function computeSentForm(message: HistoryMessage, s: Speakers): string {
  const line = canonicalLine(message, s);
  const raw = message.raw;
  if (raw === undefined || raw === '') return line;
  if (message.role === 'user') return raw.endsWith(line) ? raw : line;
  if (message.status !== 'complete') return line;
  const parsed = parseReply(raw, 'stop', { ...s, prefixed: false });
  return parsed.wrotePrefix && parsed.text === message.text ? raw : line;
}

/** Messages that take part in a prompt: anything with visible text (failed empty replies are skipped). */
export function isPromptable(message: HistoryMessage): boolean {
  return message.text.trim() !== '';
}

/**
 * The user's new line: the last message of the history.
 * @throws ValidationError when the history does not end with a user message that has text.
 */
export function newUserMessage(history: readonly HistoryMessage[]): HistoryMessage {
  const last = history.at(-1);
  if (!last || last.role !== 'user' || !isPromptable(last)) {
    throw new ValidationError('invalid', 'There is no new message to answer. Type a message first.', { zh: '没有需要回复的新消息。请先输入一条消息。' });
  }
  return last;
}
