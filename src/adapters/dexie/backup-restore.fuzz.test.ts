import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupData } from '../../core/backup/backup-format.ts';
import { createBackup, serializeBackup } from '../../core/backup/create-backup.ts';
import { sampleBackupData } from '../../core/backup/fixtures.test-support.ts';
import { restoreBackup } from '../../core/backup/restore-backup.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { createDexieBackupStore } from './backup-store.ts';
import { snapshot } from './backup-test-helpers.ts';
import { EgosDb } from './egos-db.ts';

const db = new EgosDb(`fuzz-${crypto.randomUUID()}`);
const store = createDexieBackupStore(db);
let seeded: BackupData;

/** What the database holds before every run: a library that differs from the backup. */
function seed(): BackupData {
  const data = sampleBackupData();
  data.personas[0]!.name = 'Already here';
  data.messages = data.messages.slice(0, 4);
  return data;
}

beforeAll(async () => {
  await db.open();
  await store.replaceAll(seed());
  seeded = await snapshot(store);
});
afterAll(async () => {
  await db.delete();
});

const valid = serializeBackup(createBackup(sampleBackupData(), { includeApiKeys: false, now: 1 }).file);

const damage = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('cut' as const, 'replace' as const, 'insert' as const),
  text: fc.constantFrom('"', '{', ']', ',', 'null', '"x"', '-1', '1e309', 'true', '[]', '{}', 'Z'),
});

describe('fuzz: a damaged backup never changes the database', () => {
  it('rejects with ValidationError and leaves every record as it was, or restores cleanly', async () => {
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 3 }), fc.constantFrom('merge' as const, 'replace' as const), async (list, mode) => {
        let text = valid;
        for (const d of list) {
          const at = d.at % (text.length + 1);
          text =
            text.slice(0, at) + (d.kind === 'cut' ? '' : d.text) + text.slice(d.kind === 'replace' ? at + d.text.length : d.kind === 'cut' ? text.length : at);
        }
        try {
          await restoreBackup(store, text, mode);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          rejected += 1;
          expect(await snapshot(store)).toEqual(seeded);
          return;
        }
        await store.replaceAll(seed());
      }),
      { numRuns: 60 },
    );
    expect(rejected).toBeGreaterThan(20);
  });
});
