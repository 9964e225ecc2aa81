import { StorageError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { MessageId } from '../ids.ts';
import type { Message } from '../message.ts';

/**
 * The message with `id` in `messages`.
 * @throws StorageError `not-found` when it is not there (deleted meanwhile, e.g. in another tab).
 */
export function findMessage(messages: readonly Message[], id: MessageId): Message {
  const found = messages.find((m) => m.id === id);
  if (!found) {
    throw new StorageError('not-found', msg('history.error.messageNotInChat'));
  }
  return found;
}
