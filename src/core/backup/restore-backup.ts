import type { BackupSummary, RestoreCounts, RestoreMode } from './backup-format.ts';
import type { BackupStore } from './backup-store.ts';
import { parseBackup, type ParseBackupOptions } from './parse-backup.ts';

/** What a restore did. */
export interface RestoreReport {
  mode: RestoreMode;
  summary: BackupSummary;
  counts: RestoreCounts;
}

/**
 * Validates the whole backup text, then restores it with `mode` in one transaction.
 * @throws ValidationError when the file is not a valid backup (nothing is written then);
 *   StorageError when the write fails (the transaction is rolled back).
 */
export async function restoreBackup(store: BackupStore, input: string, mode: RestoreMode, options: ParseBackupOptions = {}): Promise<RestoreReport> {
  const { data, summary } = parseBackup(input, options);
  const counts = mode === 'replace' ? await store.replaceAll(data) : await store.merge(data);
  return { mode, summary, counts };
}
