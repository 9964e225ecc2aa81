import { redactMessage, redactSecretText } from '../../core/backup/redact-secrets.ts';
import { AppError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';

/**
 * What the user is told about a failure, as a message the interface shows in its language when
 * it is displayed. Typed errors carry their own message; anything else is logged for debugging
 * and described generically. What is logged and shown has credentials (`Bearer …`, `sk-…` keys)
 * redacted.
 */
export function errorMessage(error: unknown): Message {
  if (error instanceof AppError) return redactMessage(error.text);
  console.error(redactSecretText(logText(error)));
  const detail = redactSecretText(error instanceof Error ? error.message : String(error)).slice(0, 160);
  return msg('error.unexpected', { detail });
}

/** The error's stack (it starts with the name and message) and its causes, as one text. */
function logText(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const own = error.stack?.includes(error.message) ? error.stack : `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return error.cause === undefined || depth >= 4 ? own : `${own}\nCaused by: ${logText(error.cause, depth + 1)}`;
}
