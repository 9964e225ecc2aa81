import { describe, expect, it } from 'vitest';
import { BACKUP_TABLES, pickCounts, type BackupTable } from './backup-format.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { planMerge, replaceCounts, type ExistingKeys } from './plan-merge.ts';

function existing(keys: Partial<Record<BackupTable, string[]>>): ExistingKeys {
  const out = {} as Record<BackupTable, ReadonlySet<string>>;
  for (const t of BACKUP_TABLES) out[t] = new Set(keys[t] ?? []);
  return out;
}

describe('planMerge', () => {
  it('adds everything into an empty database', () => {
    const data = sampleBackupData();
    const plan = planMerge(existing({}), data);
    expect(plan.toAdd).toEqual(data);
    expect(plan.counts).toEqual(replaceCounts(data));
  });

  it('adds only records whose ids are new and keeps the stored ones, counting both', () => {
    const data = sampleBackupData();
    const plan = planMerge(
      existing({ personas: ['persona-1'], messages: ['chat-a-m0', 'chat-a-m1'], settings: ['engine'], evalRuns: ['other'], books: ['other'] }),
      data,
    );
    expect(plan.toAdd.personas.map((p) => p.id)).toEqual(['persona-2']);
    expect(plan.toAdd.messages).toHaveLength(7);
    expect(plan.toAdd.settings.map((s) => s.key)).toEqual(['ui']);
    expect(plan.counts).toEqual({
      personas: { added: 1, kept: 1 },
      chats: { added: 2, kept: 0 },
      messages: { added: 7, kept: 2 },
      memories: { added: 3, kept: 0 },
      settings: { added: 1, kept: 1 },
      evalRuns: { added: 1, kept: 0 },
      books: { added: 1, kept: 0 },
    });
  });
});

describe('pickCounts', () => {
  it('picks one side of restore counts, by table', () => {
    const side = { added: 1, kept: 2 };
    const counts = { personas: side, chats: { added: 3, kept: 0 }, messages: side, memories: side, settings: side, evalRuns: side, books: side };
    expect(pickCounts(counts, 'kept')).toEqual({ personas: 2, chats: 0, messages: 2, memories: 2, settings: 2, evalRuns: 2, books: 2 });
    expect(pickCounts(counts, 'added').chats).toBe(3);
  });
});
