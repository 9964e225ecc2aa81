import { StorageError } from '../errors/index.ts';
import { english, msg } from '../i18n/message.ts';
import type { ChatId } from '../ids.ts';

/** The English message of a restore refused because a reply is being generated (the error's `message`). */
export const GENERATING_ELSEWHERE = english(msg('backup.error.generatingElsewhere'));

/**
 * Refuses a restore while any chat's generation lock is held (by this tab or another): a
 * restore would replace or add records under a reply that is still being written.
 * @throws StorageError `conflict` when `generating` is not empty; nothing has been written then.
 */
export function assertNoGeneration(generating: ReadonlySet<ChatId>): void {
  if (generating.size > 0) throw new StorageError('conflict', msg('backup.error.generatingElsewhere'));
}
