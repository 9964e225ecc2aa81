import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackup, serializeBackup } from '../../core/backup/create-backup.ts';
import { SAMPLE_API_KEY, sampleBackupData } from '../../core/backup/fixtures.test-support.ts';
import { restoreBackup } from '../../core/backup/restore-backup.ts';
import type { BackupStore } from '../../core/backup/backup-store.ts';
import { StorageError, ValidationError } from '../../core/errors/index.ts';
import { createPersona } from '../../core/persona/index.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createDexieBackupStore } from './backup-store.ts';
import { snapshot, sortedData } from './backup-test-helpers.ts';
import { createDexieRepository } from './dexie-repository.ts';
import { EgosDb } from './egos-db.ts';

const opened: EgosDb[] = [];

async function freshDb(): Promise<{ db: EgosDb; store: BackupStore }> {
  const db = new EgosDb(`backup-${crypto.randomUUID()}`);
  await db.open();
  opened.push(db);
  return { db, store: createDexieBackupStore(db) };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

let source: { db: EgosDb; store: BackupStore };
beforeEach(async () => {
  source = await freshDb();
  await source.store.replaceAll(sampleBackupData());
});

function exportText(data = sampleBackupData(), includeApiKeys = false): string {
  return serializeBackup(createBackup(data, { includeApiKeys, now: 5 }).file);
}

describe('Dexie backup store', () => {
  it('reads back everything it wrote, binary fields as typed arrays', async () => {
    const back = await snapshot(source.store);
    expect(back).toEqual(sortedData(sampleBackupData()));
    expect(back.personas.find((p) => p.avatar)?.avatar?.bytes).toBeInstanceOf(Uint8Array);
    expect(back.memories.find((m) => m.embedding)?.embedding?.vector).toBeInstanceOf(Float32Array);
  });

  it('export → restore into an empty database gives the same data (API keys blanked unless asked)', async () => {
    const target = await freshDb();
    expect(await target.store.isEmpty()).toBe(true);
    const text = serializeBackup(createBackup(await source.store.readAll(), { includeApiKeys: false, now: 5 }).file);
    const report = await restoreBackup(target.store, text, 'replace');
    expect(report.counts.messages).toEqual({ added: 9, kept: 0 });
    const restored = await snapshot(target.store);
    expect(JSON.stringify(restored.settings)).not.toContain(SAMPLE_API_KEY);
    expect({ ...restored, settings: [], evalRuns: [] }).toEqual({ ...sortedData(sampleBackupData()), settings: [], evalRuns: [] });
    const repo = createDexieRepository(target.db);
    expect((await repo.messages.listByChat('chat-a' as never)).map((m) => m.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(await target.store.isEmpty()).toBe(false);
  });

  it('counts as empty when the only thing stored is that the first-run screen was skipped, and not once another setting is there', async () => {
    const target = await freshDb();
    const repo = createDexieRepository(target.db);
    await repo.settings.set('firstRunDone', true);
    expect(await target.store.isEmpty()).toBe(true);
    await repo.settings.set('theme', 'dark');
    expect(await target.store.isEmpty()).toBe(false);
  });

  it('replace clears what was there first', async () => {
    const target = await freshDb();
    const stranger = createPersona({ name: 'Stranger' }, 'p-x' as PersonaId, 1);
    await createDexieRepository(target.db).personas.put(stranger);
    await restoreBackup(target.store, exportText(), 'replace');
    expect((await target.store.readAll()).personas.map((p) => p.name).sort()).toEqual(['Mozart', '莫扎特']);
  });

  it('merge adds new records, keeps existing ones unchanged, and counts both', async () => {
    const repo = createDexieRepository(source.db);
    const edited = { ...(await repo.personas.get('persona-1' as PersonaId))!, name: 'Wolfgang (edited here)' };
    await repo.personas.put(edited);
    await repo.messages.delete('chat-a-m4' as never);
    const other = createPersona({ name: 'Extra' }, 'p-extra' as PersonaId, 1);
    const data = sampleBackupData();
    data.personas.push(other);
    const report = await restoreBackup(source.store, exportText(data), 'merge');
    expect(report.counts.personas).toEqual({ added: 1, kept: 2 });
    expect(report.counts.messages).toEqual({ added: 1, kept: 8 });
    expect(report.counts.settings).toEqual({ added: 0, kept: 2 });
    expect((await repo.personas.get('persona-1' as PersonaId))?.name).toBe('Wolfgang (edited here)');
    expect(await repo.messages.get('chat-a-m4' as never)).toBeDefined();
    expect((await repo.settings.get<{ endpoint: { apiKey: string } }>('engine'))?.endpoint.apiKey).toBe(SAMPLE_API_KEY);
  });

  it('a write failing part-way through a replace rolls everything back', async () => {
    const before = await snapshot(source.store);
    let created = 0;
    source.db.messages.hook('creating', () => {
      created += 1;
      if (created === 5) throw Object.assign(new Error('disk full'), { name: 'QuotaExceededError' });
    });
    const data = sampleBackupData();
    data.personas[0]!.name = 'Changed';
    const failure = await restoreBackup(source.store, exportText(data), 'replace').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StorageError);
    expect((failure as StorageError).code).toBe('quota-exceeded');
    expect(await snapshot(source.store)).toEqual(before);
  });

  it('a write failing part-way through a merge rolls everything back', async () => {
    const before = await snapshot(source.store);
    source.db.memories.hook('creating', () => {
      throw new Error('boom');
    });
    const data = sampleBackupData();
    data.personas.push(createPersona({ name: 'New' }, 'p-new' as PersonaId, 1));
    data.memories.push({ ...data.memories[2]!, id: 'mem-new' as never, personaId: 'p-new' as PersonaId });
    await expect(restoreBackup(source.store, exportText(data), 'merge')).rejects.toBeInstanceOf(StorageError);
    expect(await snapshot(source.store)).toEqual(before);
  });

  it('a corrupt file changes nothing', async () => {
    const before = await snapshot(source.store);
    const text = exportText().replace('"seq":3', '"seq":"three"');
    await expect(restoreBackup(source.store, text, 'replace')).rejects.toBeInstanceOf(ValidationError);
    expect(await snapshot(source.store)).toEqual(before);
  });
});
