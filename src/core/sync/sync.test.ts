import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { StorageError } from '../errors/index.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { createPersona } from '../persona/index.ts';
import { chatIdOfLock, chatLockName, createLocalChatLocks } from './chat-locks.ts';
import { notifyingRepository } from './notifying-repository.ts';
import { isTabEvent, type TabEvent } from './tab-events.ts';
import { msg } from '../i18n/message.ts';

const chatId = 'c1' as ChatId;
const personaId = 'p1' as PersonaId;

function message(id: string, seq: number): Message {
  return { id: id as MessageId, chatId, seq, role: 'user', text: id, status: 'complete', createdAt: 1, updatedAt: 1 };
}

describe('local chat locks', () => {
  it('runs one task per chat at a time and reports a held lock without running', async () => {
    const locks = createLocalChatLocks();
    let release!: () => void;
    const first = locks.withChatLock(chatId, () => new Promise<string>((resolve) => (release = () => resolve('done'))));
    expect([...(await locks.heldChats())]).toEqual([chatId]);
    let ran = false;
    expect(await locks.withChatLock(chatId, async () => (ran = true))).toEqual({ acquired: false });
    expect(ran).toBe(false);
    expect(await locks.withChatLock('other' as ChatId, async () => 1)).toEqual({ acquired: true, value: 1 });
    release();
    expect(await first).toEqual({ acquired: true, value: 'done' });
    expect((await locks.heldChats()).size).toBe(0);
  });

  it('releases the lock when the task throws', async () => {
    const locks = createLocalChatLocks();
    await expect(locks.withChatLock(chatId, async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await locks.withChatLock(chatId, async () => 2)).toEqual({ acquired: true, value: 2 });
  });

  it('names locks egos-chat-<id> and reads them back', () => {
    expect(chatLockName(chatId)).toBe('egos-chat-c1');
    expect(chatIdOfLock('egos-chat-c1')).toBe('c1');
    expect(chatIdOfLock('egos-chat-')).toBeNull();
    expect(chatIdOfLock('other-lock')).toBeNull();
  });
});

describe('isTabEvent', () => {
  it.each<[unknown, boolean]>([
    [{ type: 'personas' }, true],
    [{ type: 'messages', chatId: 'c' }, true],
    [{ type: 'memories' }, true],
    [{ type: 'chats', personaId: 'p' }, true],
    [{ type: 'messages' }, false],
    [{ type: 'chats', personaId: 3 }, false],
    [{ type: 'drop-tables' }, false],
    ['personas', false],
    [null, false],
  ])('%j → %s', (value, expected) => {
    expect(isTabEvent(value)).toBe(expected);
  });
});

describe('notifyingRepository', () => {
  it('announces each successful write with what changed', async () => {
    const base = createMemoryRepository();
    const events: TabEvent[] = [];
    const repo = notifyingRepository(base, (e) => events.push(e));
    await repo.personas.put(createPersona({ name: 'A' }, personaId, 1));
    await repo.chats.put({ id: chatId, personaId, title: 't', createdAt: 1, updatedAt: 1 });
    await repo.messages.put(message('m1', 0));
    await repo.messages.patch('m1' as MessageId, { text: 'x' });
    await base.messages.put(message('m2', 1));
    await repo.messages.patch('m2' as MessageId, { text: 'y' });
    await repo.memories.bulkPut([
      {
        id: 'a' as MemoryId,
        personaId,
        chatId,
        kind: 'fact',
        text: 'a',
        importance: 1,
        pinned: false,
        createdAt: 1,
        updatedAt: 1,
        lastAccessedAt: 1,
        accessCount: 0,
      },
      {
        id: 'b' as MemoryId,
        personaId,
        chatId,
        kind: 'fact',
        text: 'b',
        importance: 1,
        pinned: false,
        createdAt: 1,
        updatedAt: 1,
        lastAccessedAt: 1,
        accessCount: 0,
      },
    ]);
    await repo.settings.set('engine', {});
    await repo.chats.delete(chatId);
    expect(events).toEqual([
      { type: 'personas' },
      { type: 'chats', personaId },
      { type: 'messages', chatId },
      { type: 'messages', chatId },
      { type: 'messages', chatId },
      { type: 'memories', personaId, chatId },
      { type: 'settings', key: 'engine' },
      { type: 'chats', personaId },
      { type: 'messages', chatId },
    ]);
  });

  it('announces bulk message writes once per chat they touch', async () => {
    const base = createMemoryRepository();
    const events: TabEvent[] = [];
    const repo = notifyingRepository(base, (e) => events.push(e));
    const other = 'c2' as ChatId;
    await repo.messages.bulkPut([message('m1', 0), message('m2', 1), { ...message('m3', 0), chatId: other }]);
    await base.messages.put(message('m4', 2));
    await repo.messages.bulkDelete(['m2' as MessageId, 'm4' as MessageId]);
    await repo.messages.bulkPut([]);
    expect(events).toEqual([
      { type: 'messages', chatId },
      { type: 'messages', chatId: other },
      { type: 'messages', chatId },
    ]);
    expect((await repo.messages.listByChat(chatId)).map((m) => m.id)).toEqual(['m1']);
  });

  it('announces nothing when a write fails', async () => {
    const base = createMemoryRepository();
    const events: TabEvent[] = [];
    const repo = notifyingRepository(base, (e) => events.push(e));
    base.failWritesWith = new StorageError('quota-exceeded', msg('text.verbatim', { text: 'full' }));
    await expect(repo.messages.put(message('m1', 0))).rejects.toThrow('full');
    await expect(repo.personas.put(createPersona({ name: 'A' }, personaId, 1))).rejects.toThrow('full');
    await expect(repo.messages.bulkPut([message('m1', 0)])).rejects.toThrow('full');
    await expect(repo.messages.bulkDelete(['m1' as MessageId])).rejects.toThrow('full');
    expect(events).toEqual([]);
  });
});
