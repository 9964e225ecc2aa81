import { StorageError } from '../errors/index.ts';
import type { ChatId } from '../ids.ts';

/** The message of a restore refused because a reply is being generated. */
export const GENERATING_ELSEWHERE =
  'A reply is being generated in another tab or window, so nothing was restored. Wait for it to finish (or press Stop there), then restore again.';

/**
 * Refuses a restore while any chat's generation lock is held (by this tab or another): a
 * restore would replace or add records under a reply that is still being written.
 * @throws StorageError `conflict` when `generating` is not empty; nothing has been written then.
 */
export function assertNoGeneration(generating: ReadonlySet<ChatId>): void {
  if (generating.size > 0) throw new StorageError('conflict', GENERATING_ELSEWHERE);
}
