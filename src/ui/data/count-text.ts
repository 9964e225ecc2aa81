import { BACKUP_TABLES, type BackupTable, type RestoreCounts } from '../../core/backup/backup-format.ts';

const NAMES: Record<BackupTable, [string, string]> = {
  personas: ['persona', 'personas'],
  chats: ['chat', 'chats'],
  messages: ['message', 'messages'],
  memories: ['memory', 'memories'],
  settings: ['setting', 'settings'],
  evalRuns: ['evaluation run', 'evaluation runs'],
};

/** "2 personas, 1 chat, 10 messages" for the non-zero counts; `none` when all are zero. */
export function countText(counts: Record<BackupTable, number>, none = 'nothing'): string {
  const parts = BACKUP_TABLES.filter((t) => counts[t] > 0).map((t) => `${counts[t]} ${NAMES[t][counts[t] === 1 ? 0 : 1]}`);
  return parts.length > 0 ? parts.join(', ') : none;
}

/** The `added` or `kept` side of a restore's counts. */
export function pickCounts(counts: RestoreCounts, which: 'added' | 'kept'): Record<BackupTable, number> {
  const out = {} as Record<BackupTable, number>;
  for (const t of BACKUP_TABLES) out[t] = counts[t][which];
  return out;
}
