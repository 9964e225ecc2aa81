import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { Chat } from '../../core/chat.ts';
import { newId, type ChatId, type MessageId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import { ChatHistory, type HistoryHost } from './chat-history.svelte.ts';
import type { AppServices } from '../app/services.ts';

const chat: Chat = { id: newId<ChatId>(), personaId: 'p' as never, title: 'c', createdAt: 1, updatedAt: 1 };

function line(seq: number, text: string): Message {
  return { id: newId<MessageId>(), chatId: chat.id, seq, role: seq % 2 ? 'user' : 'assistant', text, status: 'complete', createdAt: seq, updatedAt: seq };
}

async function setUp() {
  const repo = createMemoryRepository();
  const messages = [line(0, 'Good evening.'), line(1, 'Hello.'), line(2, 'Hi.')];
  await repo.messages.bulkPut(messages);
  let release: () => void = () => {};
  const background = new Promise<void>((r) => (release = r));
  const host: HistoryHost & { messages: Message[] } = {
    chat,
    messages,
    busy: false,
    upsert: (m) => (host.messages = host.messages.map((x) => (x.id === m.id ? m : x))),
    load: async () => void (host.messages = await repo.messages.listByChat(chat.id)),
    settle: () => background,
  };
  const history = new ChatHistory({ repo, now: () => 50 } as unknown as AppServices, host, createLocalChatLocks());
  return { repo, host, history, release };
}

describe('ChatHistory', () => {
  it('waits for background work on the history (a summary being written) before deleting', async () => {
    const { repo, host, history, release } = await setUp();
    const deleting = history.delete(host.messages[2]!.id);
    await new Promise((r) => setTimeout(r, 20));
    expect(await repo.messages.listByChat(chat.id)).toHaveLength(3);
    release();
    expect(await deleting).toBeNull();
    expect(host.messages.map((m) => m.text)).toEqual(['Good evening.', 'Hello.']);
  });

  it('keeps the editor text while the row is off screen and closes it once saved', async () => {
    const { host, history, release } = await setUp();
    release();
    history.startEdit(host.messages[1]!);
    history.changeEdit('Hello there.');
    expect(history.editing).toEqual({ id: host.messages[1]!.id, text: 'Hello there.' });
    expect(await history.edit(host.messages[1]!.id, history.editing!.text)).toBeNull();
    expect(history.editing).toBeNull();
    expect(host.messages[1]).toMatchObject({ text: 'Hello there.', editedAt: 50 });
  });

  it('refuses changes while this tab is generating, changing nothing', async () => {
    const { repo, host, release } = await setUp();
    release();
    const busyHost = { ...host, busy: true };
    const busy = new ChatHistory({ repo, now: () => 50 } as unknown as AppServices, busyHost, createLocalChatLocks());
    expect(await busy.delete(host.messages[2]!.id)).toMatch(/Wait until the reply is finished/);
    expect(await repo.messages.listByChat(chat.id)).toHaveLength(3);
  });
});
