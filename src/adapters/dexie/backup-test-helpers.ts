/** Test-only helpers for the backup store tests; never imported by product code. */
import { BACKUP_TABLES, type BackupData } from '../../core/backup/backup-format.ts';
import type { BackupStore } from '../../core/backup/backup-store.ts';

/** Every table sorted by id (settings by key), so two dumps compare regardless of order. */
export function sortedData(data: BackupData): BackupData {
  const out = { ...data };
  for (const name of BACKUP_TABLES) {
    const list = [...(data[name] as Array<{ id?: string; key?: string }>)];
    list.sort((a, b) => String(a.id ?? a.key).localeCompare(String(b.id ?? b.key)));
    (out as Record<string, unknown>)[name] = list;
  }
  return out;
}

/** Everything in the store, sorted. */
export async function snapshot(store: BackupStore): Promise<BackupData> {
  return sortedData(await store.readAll());
}
