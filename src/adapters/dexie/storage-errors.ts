import { StorageError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
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
 * Turns an IndexedDB/Dexie failure into a StorageError with a message the user can act on;
 * `action` says what EGOS was doing.
 */
export function toStorageError(error: unknown, action: StorageAction): StorageError {
  if (error instanceof StorageError) return error;
  if (isQuotaError(error)) return new StorageError('quota-exceeded', msg('storage.error.full', { action }), { cause: error });
  const name = typeof error === 'object' && error !== null && 'name' in error ? String((error as { name: unknown }).name) : '';
  if (name === 'MissingAPIError' || name === 'InvalidStateError' || name === 'DatabaseClosedError') {
    return new StorageError('unavailable', msg('storage.error.unavailable', { action }), { cause: error });
  }
  return new StorageError('write-failed', msg('storage.error.failed', { action, name: name || msg('storage.error.unknown') }), { cause: error });
}

/** Runs a storage operation, rethrowing any failure as a StorageError. */
export async function guard<T>(action: StorageAction, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw toStorageError(error, action);
  }
}
