import type { Table } from 'dexie';
import { BACKUP_TABLES, type BackupData, type BackupTable, type RestoreCounts } from '../../core/backup/backup-format.ts';
import type { BackupStore } from '../../core/backup/backup-store.ts';
import { planMerge, replaceCounts, type ExistingKeys } from '../../core/backup/plan-merge.ts';
import type { EgosDb } from './egos-db.ts';
import { STORAGE_ACTIONS } from './storage-actions.ts';
import { guard } from './storage-errors.ts';

/** The Dexie table of each kind of backup record. */
function tableOf(db: EgosDb, name: BackupTable): Table {
  return db[name] as unknown as Table;
}

function allTables(db: EgosDb): Table[] {
  return BACKUP_TABLES.map((name) => tableOf(db, name));
}

async function writeAll(db: EgosDb, data: BackupData): Promise<void> {
  for (const name of BACKUP_TABLES) {
    const records = data[name];
    if (records.length > 0) await tableOf(db, name).bulkAdd(records);
  }
}

async function existingKeys(db: EgosDb): Promise<ExistingKeys> {
  const keys = {} as Record<BackupTable, ReadonlySet<string>>;
  for (const name of BACKUP_TABLES) keys[name] = new Set((await tableOf(db, name).toCollection().primaryKeys()).map(String));
  return keys;
}

/** Settings that alone do not make this browser "have data" (a restore then asks nothing): the first-run screen was finished or skipped. */
const NOT_DATA: readonly string[] = ['firstRunDone'];

/**
 * Backup and restore on the EgosDb: reads everything in one read transaction; a restore
 * (replace or merge) runs in one read-write transaction over every table, so a failure
 * part-way (e.g. storage full) rolls it back and leaves the database as it was.
 */
export function createDexieBackupStore(db: EgosDb): BackupStore {
  return {
    readAll: () =>
      guard(STORAGE_ACTIONS.readForBackup, () =>
        db.transaction('r', allTables(db), async () => ({
          personas: await db.personas.toArray(),
          chats: await db.chats.toArray(),
          messages: await db.messages.toArray(),
          memories: await db.memories.toArray(),
          settings: (await db.settings.toArray()).map((row) => ({ key: row.key, value: row.value })),
          evalRuns: await db.evalRuns.toArray(),
          books: await db.books.toArray(),
        })),
      ),
    isEmpty: () =>
      guard(STORAGE_ACTIONS.readData, () =>
        db.transaction('r', allTables(db), async () => {
          const counts = await Promise.all(allTables(db).map((t) => (t === db.settings ? db.settings.where('key').noneOf(NOT_DATA).count() : t.count())));
          return counts.every((n) => n === 0);
        }),
      ),
    replaceAll: (data: BackupData) =>
      guard(STORAGE_ACTIONS.restoreBackup, () =>
        db.transaction('rw', allTables(db), async (): Promise<RestoreCounts> => {
          for (const table of allTables(db)) await table.clear();
          await writeAll(db, data);
          return replaceCounts(data);
        }),
      ),
    merge: (data: BackupData) =>
      guard(STORAGE_ACTIONS.restoreBackup, () =>
        db.transaction('rw', allTables(db), async (): Promise<RestoreCounts> => {
          const plan = planMerge(await existingKeys(db), data);
          await writeAll(db, plan.toAdd);
          return plan.counts;
        }),
      ),
  };
}
