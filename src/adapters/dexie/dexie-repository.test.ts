import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chat } from '../../core/chat.ts';
import { StorageError } from '../../core/errors/index.ts';
import { newId, type ChatId, type MessageId, type PersonaId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import { createPersona } from '../../core/persona/index.ts';
import type { Repository } from '../../core/repository.ts';
import { createDexieRepository } from './dexie-repository.ts';
import { EgosDb } from './egos-db.ts';
import { STORAGE_ACTIONS, savePersonaAction } from './storage-actions.ts';
import { toStorageError } from './storage-errors.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';

let db: EgosDb;
let repo: Repository;

beforeEach(async () => {
  db = new EgosDb(`test-${crypto.randomUUID()}`);
  await db.open();
  repo = createDexieRepository(db);
});

afterEach(async () => {
  await db.delete();
});

function chat(personaId: PersonaId, at = 1): Chat {
  return { id: newId<ChatId>(), personaId, title: 'c', createdAt: at, updatedAt: at };
}

function message(chatId: ChatId, seq: number, text = `m${seq}`): Message {
  return { id: newId<MessageId>(), chatId, seq, role: seq % 2 ? 'user' : 'assistant', text, status: 'complete', createdAt: seq, updatedAt: seq };
}

function memory(personaId: PersonaId, chatId?: ChatId): Memory {
  return {
    id: newId(),
    personaId,
    chatId,
    kind: 'fact',
    text: 't',
    importance: 5,
    pinned: false,
    createdAt: 1,
    updatedAt: 1,
    lastAccessedAt: 1,
    accessCount: 0,
  };
}

describe('Dexie repository', () => {
  it('stores personas with nested fields and binary avatars intact', async () => {
    const p = createPersona(
      { name: '李白', language: 'zh', behaviours: { catchphrases: ['举杯邀明月'] } as never, avatar: { mime: 'image/png', bytes: new Uint8Array([1, 2, 3]) } },
      newId(),
      10,
    );
    await repo.personas.put(p);
    const back = await repo.personas.get(p.id);
    expect(back).toEqual(p);
    expect(back?.avatar?.bytes).toBeInstanceOf(Uint8Array);
  });

  it('lists messages of a chat in seq order, never another chat’s', async () => {
    const personaId = newId<PersonaId>();
    const a = chat(personaId);
    const b = chat(personaId);
    await Promise.all([a, b].map((c) => repo.chats.put(c)));
    for (const seq of [3, 0, 2, 1]) await repo.messages.put(message(a.id, seq));
    await repo.messages.put(message(b.id, 0, 'other'));
    expect((await repo.messages.listByChat(a.id)).map((m) => m.seq)).toEqual([0, 1, 2, 3]);
    expect(await repo.messages.lastSeq(a.id)).toBe(3);
    expect(await repo.messages.lastSeq(newId())).toBe(-1);
  });

  it('patches a message and reports a missing one as not-found', async () => {
    const c = chat(newId());
    const m = message(c.id, 0);
    await repo.messages.put(m);
    await repo.messages.patch(m.id, { text: 'partial', status: 'streaming' });
    expect(await repo.messages.get(m.id)).toMatchObject({ text: 'partial', status: 'streaming' });
    expect((await repo.messages.listStreaming()).map((x) => x.id)).toEqual([m.id]);
    await expect(repo.messages.patch(newId(), { text: 'x' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('bulk-saves and bulk-deletes messages, ignoring unknown ids', async () => {
    const c = chat(newId());
    const list = [0, 1, 2, 3].map((seq) => message(c.id, seq));
    await repo.messages.bulkPut(list);
    expect(await repo.messages.listByChat(c.id)).toEqual(list);
    await repo.messages.bulkDelete([list[1]!.id, list[3]!.id, newId<MessageId>()]);
    expect((await repo.messages.listByChat(c.id)).map((m) => m.seq)).toEqual([0, 2]);
  });

  it('saves a bulk of messages all or none', async () => {
    const c = chat(newId());
    const good = message(c.id, 0);
    const broken = { ...message(c.id, 1), id: undefined as unknown as MessageId };
    await expect(repo.messages.bulkPut([good, broken])).rejects.toBeInstanceOf(StorageError);
    expect(await repo.messages.listByChat(c.id)).toEqual([]);
  });

  it('deleting a chat deletes its messages and chat memories, keeping persona memories', async () => {
    const personaId = newId<PersonaId>();
    const keep = chat(personaId);
    const gone = chat(personaId);
    await repo.chats.put(keep);
    await repo.chats.put(gone);
    await repo.messages.put(message(keep.id, 0));
    await repo.messages.put(message(gone.id, 0));
    await repo.memories.bulkPut([memory(personaId), memory(personaId, gone.id), memory(personaId, keep.id)]);
    await repo.chats.delete(gone.id);
    expect(await repo.chats.get(gone.id)).toBeUndefined();
    expect(await repo.messages.listByChat(gone.id)).toEqual([]);
    expect(await repo.messages.listByChat(keep.id)).toHaveLength(1);
    expect(await repo.memories.listByPersona(personaId)).toHaveLength(2);
  });

  it('deleting a persona deletes everything that belongs to it and nothing else', async () => {
    const p = createPersona({ name: 'A' }, newId(), 1);
    const other = createPersona({ name: 'B' }, newId(), 2);
    await repo.personas.put(p);
    await repo.personas.put(other);
    const c = chat(p.id);
    const oc = chat(other.id);
    await repo.chats.put(c);
    await repo.chats.put(oc);
    await repo.messages.put(message(c.id, 0));
    await repo.messages.put(message(oc.id, 0));
    await repo.memories.put(memory(p.id));
    await repo.personas.delete(p.id);
    expect(await repo.personas.list()).toEqual([other]);
    expect(await repo.chats.listByPersona(p.id)).toEqual([]);
    expect(await repo.messages.listByChat(c.id)).toEqual([]);
    expect(await repo.memories.listByPersona(p.id)).toEqual([]);
    expect(await repo.messages.listByChat(oc.id)).toHaveLength(1);
  });

  it('lists personas most recently updated first and chats likewise', async () => {
    const old = createPersona({ name: 'old' }, newId(), 1);
    const recent = createPersona({ name: 'recent' }, newId(), 5);
    await repo.personas.put(old);
    await repo.personas.put(recent);
    expect((await repo.personas.list()).map((p) => p.name)).toEqual(['recent', 'old']);
    const c1 = chat(old.id, 1);
    const c2 = chat(old.id, 9);
    await repo.chats.put(c1);
    await repo.chats.put(c2);
    expect((await repo.chats.listByPersona(old.id)).map((c) => c.id)).toEqual([c2.id, c1.id]);
  });

  it('round-trips settings of any JSON shape', async () => {
    expect(await repo.settings.get('engine')).toBeUndefined();
    await repo.settings.set('engine', { kind: 'openai', baseUrl: 'http://localhost:11434/v1' });
    expect(await repo.settings.get('engine')).toEqual({ kind: 'openai', baseUrl: 'http://localhost:11434/v1' });
  });
});

describe('toStorageError', () => {
  it('names a full disk as quota-exceeded with what to do', () => {
    const err = toStorageError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }), STORAGE_ACTIONS.saveMessage);
    expect(err).toBeInstanceOf(StorageError);
    expect(err.code).toBe('quota-exceeded');
    expect(err.message).toMatch(/Storage is full.*save the message.*Free space/);
    expect(inChinese(err)).toMatch(/存储空间已满.*保存消息.*腾出空间/);
  });

  it('finds a quota error wrapped by Dexie', () => {
    const err = toStorageError({ name: 'AbortError', inner: { name: 'QuotaExceededError' } }, STORAGE_ACTIONS.saveChat);
    expect(err.code).toBe('quota-exceeded');
  });

  it('keeps the cause of unknown failures', () => {
    const cause = new TypeError('boom');
    const err = toStorageError(cause, savePersonaAction('Mira'));
    expect(err.code).toBe('write-failed');
    expect(err.cause).toBe(cause);
    expect(err.message).toBe('EGOS could not save “Mira” (TypeError). Reload the page and try again.');
    expect(inChinese(err)).toBe('EGOS 无法保存“Mira”（TypeError）。请重新加载页面后重试。');
  });
});
