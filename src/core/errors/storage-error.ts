import { AppError } from './app-error.ts';

/** Why reading or writing local storage failed. */
export type StorageErrorCode = 'quota-exceeded' | 'not-found' | 'unavailable' | 'write-failed' | 'conflict';

/** Local storage (IndexedDB) failed; the message tells the user what to do next. */
export class StorageError extends AppError<StorageErrorCode> {
  override readonly name = 'StorageError';
}
