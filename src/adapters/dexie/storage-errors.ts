import { StorageError } from '../../core/errors/index.ts';

/** Names of the DOMException / Dexie errors raised when the disk or quota is full. */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; inner?: unknown };
  if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
  return e.inner !== undefined && isQuotaError(e.inner);
}

/** Turns an IndexedDB/Dexie failure into a StorageError with a message the user can act on. */
export function toStorageError(error: unknown, action: string): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) {
    return new StorageError(
      'quota-exceeded',
      `Storage is full, so EGOS could not ${action}. Free space (delete old chats or cached models in Models), then try again. Nothing already saved was changed.`,
      { cause: error },
    );
  }
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  if (name === 'MissingAPIError' || name === 'InvalidStateError' || name === 'DatabaseClosedError') {
    return new StorageError(
      'unavailable',
      `The browser's local database is not available, so EGOS could not ${action}. Private windows and some browser settings block it: open EGOS in a normal window and reload.`,
      { cause: error },
    );
  }
  return new StorageError('write-failed', `EGOS could not ${action} (${name || 'unknown error'}). Reload the page and try again.`, {
    cause: error,
  });
}

/** Runs a storage operation, rethrowing any failure as a StorageError. */
export async function guard<T>(action: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStorageError(error, action);
  }
}
