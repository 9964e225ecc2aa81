import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createDexieBackupStore } from '../../adapters/dexie/backup-store.ts';
import { EgosDb } from '../../adapters/dexie/egos-db.ts';
import { sampleBackupData } from '../../core/backup/fixtures.test-support.ts';
import { GENERATING_ELSEWHERE, assertNoGeneration } from '../../core/backup/restore-guard.ts';
import { StorageError } from '../../core/errors/index.ts';
import { english } from '../../core/i18n/message.ts';
import type { ChatId } from '../../core/ids.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import { BackupState } from './backup-state.svelte.ts';
import type { AppServices } from '../app/services.ts';

const dbs: EgosDb[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

/** A library with the sample data, a backup of it with one persona renamed, and shared chat locks. */
async function setUp() {
  const db = new EgosDb(`guard-${crypto.randomUUID()}`);
  dbs.push(db);
  await db.open();
  const store = createDexieBackupStore(db);
  await store.replaceAll(sampleBackupData());
  const locks = createLocalChatLocks();
  let restored = 0;
  const state = new BackupState({ backup: store, chatLocks: locks, now: () => Date.UTC(2025, 0, 2) } as unknown as AppServices, async () => {
    restored += 1;
  });
  const text = (await state.createDownload())!.text.replace('"title":"Chat 1"', '"title":"Renamed"');
  return { store, locks, state, text, restoredCount: () => restored };
}

/** Holds a chat's generation lock until the returned function is called. */
async function generating(locks: ReturnType<typeof createLocalChatLocks>, chatId: string): Promise<{ stop: () => Promise<void> }> {
  let release!: () => void;
  const run = locks.withChatLock(chatId as ChatId, () => new Promise<void>((r) => (release = r)));
  await Promise.resolve();
  return {
    stop: async () => {
      release();
      await run;
    },
  };
}

describe('restore while a reply is being generated', () => {
  it('assertNoGeneration throws a StorageError conflict only when some chat lock is held', () => {
    expect(() => assertNoGeneration(new Set())).not.toThrow();
    const refused = expect(() => assertNoGeneration(new Set(['c1' as ChatId])));
    refused.toThrow(StorageError);
    refused.toThrow(expect.objectContaining({ code: 'conflict', message: GENERATING_ELSEWHERE }));
  });

  it.each(['replace', 'merge'] as const)('%s is refused and changes nothing; after the reply it restores', async (mode) => {
    const { store, locks, state, text, restoredCount } = await setUp();
    await store.replaceAll({ ...sampleBackupData(), personas: sampleBackupData().personas.slice(0, 1), chats: [], messages: [], memories: [], evalRuns: [] });
    const before = await store.readAll();
    await state.read({ name: 'backup.json', size: text.length, text: async () => text });
    expect(state.pending).not.toBeNull();
    const reply = await generating(locks, 'somewhere-else');

    await state.restore(mode);
    expect(state.error && english(state.error)).toBe(GENERATING_ELSEWHERE);
    expect(state.result).toBeNull();
    expect(state.pending?.fileName).toBe('backup.json');
    expect(restoredCount()).toBe(0);
    expect(await store.readAll()).toEqual(before);

    await reply.stop();
    await state.restore(mode);
    expect(state.error).toBeNull();
    expect(state.result?.mode).toBe(mode);
    expect(restoredCount()).toBe(1);
    expect((await store.readAll()).chats.map((c) => c.title)).toContain('Renamed');
  });
});
