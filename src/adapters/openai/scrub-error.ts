import { redactSecretText } from '../../core/backup/redact-secrets.ts';
import { EngineError } from '../../core/errors/index.ts';

/** How deep a cause chain is searched (chains are short; this also stops cycles). */
const MAX_DEPTH = 6;

/**
 * The error without the secret: when its message, Chinese message (`zh`), stack or any cause in
 * its chain contains `secret` (an endpoint's API key echoed by a server, a header copied into a
 * message), an equivalent error with the secret replaced by `[redacted]` (same EngineError code,
 * `zh` redacted too); else the error itself. An empty secret changes nothing.
 */
export function scrubError(error: unknown, secret: string): unknown {
  if (secret === '' || !mentions(error, secret, 0)) return error;
  return rebuild(error, secret, 0);
}

function mentions(value: unknown, secret: string, depth: number): boolean {
  if (depth > MAX_DEPTH || value === undefined || value === null) return false;
  if (!(value instanceof Error)) return textOf(value).includes(secret);
  return (
    value.message.includes(secret) || (zhOf(value) ?? '').includes(secret) || (value.stack ?? '').includes(secret) || mentions(value.cause, secret, depth + 1)
  );
}

function rebuild(value: unknown, secret: string, depth: number): unknown {
  if (depth > MAX_DEPTH || !mentions(value, secret, depth)) return value;
  if (!(value instanceof Error)) return redactSecretText(textOf(value), [secret]);
  const message = redactSecretText(value.message, [secret]);
  const cause = value.cause === undefined ? undefined : { cause: rebuild(value.cause, secret, depth + 1) };
  if (value instanceof EngineError) {
    const zh = value.zh === undefined ? undefined : redactSecretText(value.zh, [secret]);
    return new EngineError(value.code, message, { ...cause, ...(zh === undefined ? {} : { zh }) });
  }
  const copy = new Error(message, cause);
  copy.name = value.name;
  return copy;
}

/** The Chinese message of an app error (any error carrying a string `zh`). */
function zhOf(error: Error): string | undefined {
  const zh: unknown = (error as { zh?: unknown }).zh;
  return typeof zh === 'string' ? zh : undefined;
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
