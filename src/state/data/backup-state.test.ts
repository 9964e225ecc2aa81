import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDexieBackupStore } from '../../adapters/dexie/backup-store.ts';
import { EgosDb } from '../../adapters/dexie/egos-db.ts';
import { SAMPLE_API_KEY, sampleBackupData } from '../../core/backup/fixtures.test-support.ts';
import { english, type Message } from '../../core/i18n/message.ts';
import { BackupState, type BackupFileLike } from './backup-state.svelte.ts';
import type { AppServices } from '../app/services.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Message | null): string | null => (message ? english(message) : null);

const dbs: EgosDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

async function library(seed = true) {
  const db = new EgosDb(`state-${crypto.randomUUID()}`);
  dbs.push(db);
  await db.open();
  const store = createDexieBackupStore(db);
  if (seed) await store.replaceAll(sampleBackupData());
  let restored = 0;
  const state = new BackupState({ backup: store, now: () => Date.UTC(2025, 0, 2) } as unknown as AppServices, async () => {
    restored += 1;
  });
  return { db, store, state, restoredCount: () => restored };
}

function file(text: string, name = 'backup.json'): BackupFileLike {
  return { name, size: text.length, text: async () => text };
}

describe('BackupState', () => {
  it('downloads everything without API keys unless the box is ticked', async () => {
    const { state } = await library();
    const plain = await state.createDownload();
    expect(plain?.fileName).toBe('egos-backup-2025-01-02.json');
    expect(plain?.text).not.toContain(SAMPLE_API_KEY);
    state.includeApiKeys = true;
    expect((await state.createDownload())?.text).toContain(SAMPLE_API_KEY);
  });

  it('restores into an empty library at once, then reloads the app', async () => {
    const source = await library();
    const text = (await source.state.createDownload())!.text;
    const target = await library(false);
    await target.state.read(file(text));
    expect(target.state.error).toBeNull();
    expect(target.state.pending).toBeNull();
    expect(target.state.result?.mode).toBe('replace');
    expect(target.state.restoredIntoEmpty).toBe(true);
    expect(target.state.result?.counts.messages).toEqual({ added: 9, kept: 0 });
    expect(target.restoredCount()).toBe(1);
    expect((await target.store.readAll()).personas).toHaveLength(2);
  });

  it('asks merge or replace when the library is not empty, and merge reports what it kept', async () => {
    const { state, restoredCount } = await library();
    const text = (await state.createDownload())!.text;
    await state.read(file(text));
    expect(state.pending?.summary.counts.personas).toBe(2);
    expect(state.result).toBeNull();
    expect(restoredCount()).toBe(0);
    await state.restore('merge');
    expect(state.result?.counts.personas).toEqual({ added: 0, kept: 2 });
    expect(state.restoredIntoEmpty).toBe(false);
    expect(state.pending).toBeNull();
    expect(restoredCount()).toBe(1);
  });

  it('a foreign, corrupt or oversized file shows an error and changes nothing', async () => {
    const { state, store, restoredCount } = await library();
    const before = await store.readAll();
    await state.read(file('{"name":"not a backup"}'));
    expect(shown(state.error)).toMatch(/not an EGOS backup/);
    await state.read(file('{"format":"egos-backup","version":1,"data":{"chats":[{"id":1}]}}'));
    expect(shown(state.error)).toMatch(/chats\[0\]\.id should be an id/);
    await state.read({ name: 'huge.json', size: 300 * 1024 * 1024, text: async () => '' });
    expect(shown(state.error)).toMatch(/larger than 256 MB/);
    expect(state.pending).toBeNull();
    expect(restoredCount()).toBe(0);
    expect(await store.readAll()).toEqual(before);
  });
});
