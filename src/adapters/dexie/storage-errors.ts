import { StorageError } from '../../core/errors/index.ts';
import type { StorageAction } from './storage-actions.ts';

/** Names of the DOMException / Dexie errors raised when the disk or quota is full. */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; inner?: unknown };
  if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
  return e.inner !== undefined && isQuotaError(e.inner);
}

/**
 * Turns an IndexedDB/Dexie failure into a StorageError with a message the user can act on, in
 * English and Chinese; `action` says what EGOS was doing.
 */
export function toStorageError(error: unknown, action: StorageAction): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError(
      'quota-exceeded',
      `Storage is full, so EGOS could not ${action.en}. Free space (delete old chats or cached models in Models), then try again. Nothing already saved was changed.`,
      { cause: error, zh: `存储空间已满，EGOS 无法${action.zh}。请腾出空间（删除旧对话，或在“模型”中删除已缓存的模型），然后重试。已保存的内容没有任何改动。` },
    );
  }
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  if (name === 'MissingAPIError' || name === 'InvalidStateError' || name === 'DatabaseClosedError') {
    return new StorageError(
      'unavailable',
      `The browser's local database is not available, so EGOS could not ${action.en}. Private windows and some browser settings block it: open EGOS in a normal window and reload.`,
      {
        cause: error,
        zh: `浏览器的本地数据库不可用，EGOS 无法${action.zh}。无痕窗口和某些浏览器设置会禁用它：请在普通窗口中打开 EGOS，然后重新加载。`,
      },
    );
  }
  return new StorageError('write-failed', `EGOS could not ${action.en} (${name || 'unknown error'}). Reload the page and try again.`, {
    cause: error,
    zh: `EGOS 无法${action.zh}（${name || '未知错误'}）。请重新加载页面后重试。`,
  });
}

/** Runs a storage operation, rethrowing any failure as a StorageError. */
export async function guard<T>(action: StorageAction, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStorageError(error, action);
  }
}
