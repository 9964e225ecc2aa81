import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackup, serializeBackup } from '../../core/backup/create-backup.ts';
import { withGroupChat } from '../../core/backup/fixtures.test-support.ts';
import { restoreBackup } from '../../core/backup/restore-backup.ts';
import type { ChatId, PersonaId } from '../../core/ids.ts';
import { createDexieBackupStore } from './backup-store.ts';
import { snapshot, sortedData } from './backup-test-helpers.ts';
import { createDexieRepository } from './dexie-repository.ts';
import { EgosDb } from './egos-db.ts';

const opened: EgosDb[] = [];

async function freshDb(): Promise<EgosDb> {
  const db = new EgosDb(`backup-group-${crypto.randomUUID()}`);
  await db.open();
  opened.push(db);
  return db;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

describe('a group chat through a backup and a restore', () => {
  it('export → restore into an empty database gives the group chat back whole, listed with each member', async () => {
    const source = await freshDb();
    await createDexieBackupStore(source).replaceAll(withGroupChat());
    const text = serializeBackup(createBackup(await createDexieBackupStore(source).readAll(), { includeApiKeys: true, now: 5 }).file);

    const target = await freshDb();
    const report = await restoreBackup(createDexieBackupStore(target), text, 'replace');
    expect(report.counts.chats).toEqual({ added: 3, kept: 0 });
    expect(await snapshot(createDexieBackupStore(target))).toEqual(sortedData(withGroupChat()));

    const repo = createDexieRepository(target);
    const group = await repo.chats.get('chat-group' as ChatId);
    expect(group).toMatchObject({
      personaId: 'persona-1',
      members: [{ personaId: 'persona-1' }, { personaId: 'persona-2', muted: true }],
      turnOrder: 'random',
    });
    expect((await repo.chats.listWithMember('persona-2' as PersonaId)).map((c) => c.id)).toEqual(['chat-group']);
    const messages = await repo.messages.listByChat('chat-group' as ChatId);
    expect(messages.map((m) => [m.seq, m.speakerId, m.cue])).toEqual([
      [0, 'persona-1', undefined],
      [1, undefined, undefined],
      [2, 'persona-1', undefined],
      [3, 'persona-2', "[莫扎特's turn]"],
    ]);
    expect((await repo.memories.listByChat('chat-group' as ChatId)).map((m) => m.personaId)).toEqual(['persona-2']);
  });

  it('merge into a library that lacks the group chat adds it with its messages', async () => {
    const target = await freshDb();
    const data = withGroupChat();
    await createDexieBackupStore(target).replaceAll({
      ...data,
      chats: data.chats.filter((c) => c.id !== 'chat-group'),
      messages: data.messages.filter((m) => m.chatId !== 'chat-group'),
      memories: data.memories.filter((m) => m.chatId !== 'chat-group'),
    });
    const text = serializeBackup(createBackup(data, { includeApiKeys: true, now: 5 }).file);
    const report = await restoreBackup(createDexieBackupStore(target), text, 'merge');
    expect(report.counts.chats).toEqual({ added: 1, kept: 2 });
    expect(report.counts.messages).toEqual({ added: 4, kept: 9 });
    expect(await snapshot(createDexieBackupStore(target))).toEqual(sortedData(data));
  });
});
