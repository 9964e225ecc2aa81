import type { BackupData, RestoreCounts } from './backup-format.ts';

/**
 * Bulk access to everything stored, for backup and restore. Implementations read in one
 * transaction and write in one transaction: a restore is applied whole or not at all.
 */
export interface BackupStore {
  /** Every record of every kind. @throws StorageError */
  readAll(): Promise<BackupData>;
  /** True when nothing at all is stored (no records, no settings). @throws StorageError */
  isEmpty(): Promise<boolean>;
  /** Clears everything and writes `data`, all or nothing. @throws StorageError */
  replaceAll(data: BackupData): Promise<RestoreCounts>;
  /** Adds the records whose ids are new and keeps existing ones, all or nothing. @throws StorageError */
  merge(data: BackupData): Promise<RestoreCounts>;
}
