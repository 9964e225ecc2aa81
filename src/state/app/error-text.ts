import { redactSecretText } from '../../core/backup/redact-secrets.ts';
import { AppError } from '../../core/errors/index.ts';
import { inUiLanguage, uiLanguage } from './ui-language.ts';

/**
 * The text shown to the user for a failure, in the interface language. Typed errors carry
 * their own message (and its Chinese version where one was written); anything else is logged
 * for debugging and described generically. What is logged and shown has credentials
 * (`Bearer …`, `sk-…` keys) redacted.
 */
export function errorText(error: unknown): string {
  if (error instanceof AppError) return redactSecretText(uiLanguage() === 'zh' && error.zh ? error.zh : error.message);
  console.error(redactSecretText(logText(error)));
  const detail = redactSecretText(error instanceof Error ? error.message : String(error)).slice(0, 160);
  return inUiLanguage({
    en: `Something unexpected went wrong (${detail}). Your data is saved; reload the page and try again.`,
    zh: `出现了意外错误（${detail}）。你的数据已保存；请重新加载页面后再试。`,
  });
}

/** The error's stack (it starts with the name and message) and its causes, as one text. */
function logText(error: unknown, depth = 0): string {
  if (!(error instanceof Error)) return String(error);
  const own = error.stack?.includes(error.message) ? error.stack : `${error.name}: ${error.message}\n${error.stack ?? ''}`;
  return error.cause === undefined || depth >= 4 ? own : `${own}\nCaused by: ${logText(error.cause, depth + 1)}`;
}
