import type { Message, MessageParam } from '../i18n/message.ts';
/** Field names that hold credentials (API keys, tokens, passwords), matched case-insensitively. */
const SECRET_KEY = /^(api[-_]?key|authorization|access[-_]?token|bearer[-_]?token|secret|password)$/i;

/** True when a field of that name holds a credential. */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * A deep copy of a JSON-like value with every credential field (e.g. an endpoint's `apiKey`)
 * set to the empty string. Typed arrays and other non-plain objects are kept as they are.
 */
export function redactSecrets<T>(value: T): T {
  return redact(value) as T;
}

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSecretKey(key) && typeof v === 'string' ? '' : redact(v);
  return out;
}

/** True when some credential field anywhere in the value is a non-empty string. */
export function hasSecrets(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasSecrets);
  if (typeof value !== 'object' || value === null) return false;
  return Object.entries(value).some(([key, v]) => (isSecretKey(key) && typeof v === 'string' && v !== '') || hasSecrets(v));
}

/** What replaces a secret in text. */
export const REDACTED = '[redacted]';

/** `Bearer <token>` as in an Authorization header (a closing bracket after it is not part of the token). */
const BEARER = /\b(Bearer\s+)(?!\[redacted\])[^\s"',;)\]}>]+/gi;
/** OpenAI-style keys, e.g. `sk-proj-…`. */
const SK_KEY = /\bsk-[A-Za-z0-9_-]{8,}/g;

/**
 * The text with every occurrence of the given secrets (e.g. the endpoint's API key), every
 * `Bearer <token>` and every `sk-…` style key replaced by `[redacted]`, for log lines and
 * error messages. Empty secrets are ignored; longer secrets are replaced first.
 */
export function redactSecretText(text: string, secrets: readonly string[] = []): string {
  const known = [...new Set(secrets.filter((s) => s !== ''))].sort((a, b) => b.length - a.length);
  let out = text;
  for (const secret of known) out = out.split(secret).join(REDACTED);
  return out.replace(BEARER, `$1${REDACTED}`).replace(SK_KEY, REDACTED);
}

/** The message with {@link redactSecretText} applied to every text value, nested messages included (a server's own words may echo a key). */
export function redactMessage(message: Message, secrets: readonly string[] = []): Message {
  if (!message.params) return message;
  const params: Record<string, MessageParam> = {};
  for (const [name, value] of Object.entries(message.params)) {
    params[name] = typeof value === 'string' ? redactSecretText(value, secrets) : typeof value === 'object' ? redactMessage(value, secrets) : value;
  }
  return { key: message.key, params };
}
