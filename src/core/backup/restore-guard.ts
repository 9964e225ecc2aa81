import { StorageError } from '../errors/index.ts';
import type { ChatId } from '../ids.ts';

/** The message of a restore refused because a reply is being generated. */
export const GENERATING_ELSEWHERE =
  'A reply is being generated in another tab or window, so nothing was restored. Wait for it to finish (or press Stop there), then restore again.';

/** {@link GENERATING_ELSEWHERE} in Simplified Chinese. */
export const GENERATING_ELSEWHERE_ZH = '另一个标签页或窗口正在生成回复，因此没有恢复任何内容。请等它完成（或在那里按“停止”），然后再恢复。';

/**
 * Refuses a restore while any chat's generation lock is held (by this tab or another): a
 * restore would replace or add records under a reply that is still being written.
 * @throws StorageError `conflict` when `generating` is not empty; nothing has been written then.
 */
export function assertNoGeneration(generating: ReadonlySet<ChatId>): void {
  if (generating.size > 0) throw new StorageError('conflict', GENERATING_ELSEWHERE, { zh: GENERATING_ELSEWHERE_ZH });
}
