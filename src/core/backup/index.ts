export {
  BACKUP_FORMAT,
  BACKUP_TABLES,
  BACKUP_VERSION,
  DEFAULT_MAX_BACKUP_BYTES,
  SCHEMA_VERSION,
  countRecords,
  emptyBackupData,
  type BackupData,
  type BackupFile,
  type BackupSummary,
  type BackupTable,
  type RestoreCounts,
  type RestoreMode,
  type SettingEntry,
} from './backup-format.ts';
export type { BackupStore } from './backup-store.ts';
export { backupFileName, createBackup, serializeBackup, type CreateBackupOptions, type CreatedBackup } from './create-backup.ts';
export { parseBackup, type ParseBackupOptions, type ParsedBackup } from './parse-backup.ts';
export { planMerge, replaceCounts, type ExistingKeys, type MergePlan } from './plan-merge.ts';
export { hasSecrets, redactSecretText, redactSecrets, REDACTED } from './redact-secrets.ts';
export { restoreBackup, type RestoreReport } from './restore-backup.ts';
export { GENERATING_ELSEWHERE, GENERATING_ELSEWHERE_ZH, assertNoGeneration } from './restore-guard.ts';
