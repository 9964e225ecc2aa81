import { StorageError } from '../errors/index.ts';
import type { MessageId } from '../ids.ts';
import type { Message } from '../message.ts';

/**
 * The message with `id` in `messages`.
 * @throws StorageError `not-found` when it is not there (deleted meanwhile, e.g. in another tab).
 */
export function findMessage(messages: readonly Message[], id: MessageId): Message {
  const found = messages.find((m) => m.id === id);
  if (!found) {
    throw new StorageError('not-found', 'That message is no longer in this chat (it may have been deleted in another tab). Reload the chat and try again.', {
      zh: '这条消息已不在这个对话中（可能已在另一个标签页中被删除）。请重新加载对话后再试。',
    });
  }
  return found;
}
