import { AppError } from '../../src/core/errors/index.ts';
import { formatMessage, type Message } from '../../src/core/i18n/message.ts';
import { allChinese } from './all-texts.ts';

/**
 * The sentence a Chinese interface shows for a message, or for a typed error's message (for tests
 * that check what a user reading Chinese is told). Throws when an error carries no message.
 */
export function inChinese(subject: Message | AppError | null | undefined): string {
  const message = subject instanceof AppError ? subject.text : subject;
  if (!message) throw new Error(`no message to show: ${subject instanceof Error ? subject.message : String(subject)}`);
  return formatMessage(message, (key) => allChinese[key]);
}
