import { redactMessage, redactSecretText } from '../../core/backup/redact-secrets.ts';
import { EngineError } from '../../core/errors/index.ts';
import { english, msg, type Message, type MessageParam } from '../../core/i18n/message.ts';

/** How deep a cause chain is searched (chains are short; this also stops cycles). */
const MAX_DEPTH = 6;

/**
 * The error without the secret: when its message, the text values of its message (`text`: a
 * server's own words are a value there), stack or any cause in its chain contains `secret` (an
 * endpoint's API key echoed by a server, a header copied into a message), an equivalent error with
 * the secret replaced by `[redacted]` (same EngineError code, same message key, every language
 * redacted alike); else the error itself. An empty secret changes nothing.
 */
export function scrubError(error: unknown, secret: string): unknown {
  if (secret === '' || !mentions(error, secret, 0)) return error;
  return rebuild(error, secret, 0);
}

function mentions(value: unknown, secret: string, depth: number): boolean {
  if (depth > MAX_DEPTH || value === undefined || value === null) return false;
  if (!(value instanceof Error)) return textOf(value).includes(secret);
  return (
    value.message.includes(secret) ||
    valuesOf(textMessage(value)).some((text) => text.includes(secret)) ||
    (value.stack ?? '').includes(secret) ||
    mentions(value.cause, secret, depth + 1)
  );
}

function rebuild(value: unknown, secret: string, depth: number): unknown {
  if (depth > MAX_DEPTH || !mentions(value, secret, depth)) return value;
  if (!(value instanceof Error)) return redactSecretText(textOf(value), [secret]);
  const message = redactSecretText(value.message, [secret]);
  const cause = value.cause === undefined ? undefined : { cause: rebuild(value.cause, secret, depth + 1) };
  if (value instanceof EngineError) {
    const text = value.text === undefined ? undefined : redactMessage(value.text, [secret]);
    // The secret is only ever a value; should the sentence still hold it, say the redacted English sentence instead.
    const safe = text !== undefined && !english(text).includes(secret) ? text : msg('text.verbatim', { text: message });
    return new EngineError(value.code, safe, cause);
  }
  const copy = new Error(message, cause);
  copy.name = value.name;
  return copy;
}

/** The message of an app error (any error carrying a message in `text`). */
function textMessage(error: Error): Message | undefined {
  const text: unknown = (error as { text?: unknown }).text;
  return typeof text === 'object' && text !== null && 'key' in text ? (text as Message) : undefined;
}

/** Every text value of a message, nested messages included. */
function valuesOf(message: Message | undefined): string[] {
  if (!message?.params) return [];
  return Object.values(message.params).flatMap((value: MessageParam) =>
    typeof value === 'string' ? [value] : typeof value === 'object' ? valuesOf(value) : [],
  );
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch (error) {
    if (error instanceof TypeError) return String(value);
    throw error;
  }
}
