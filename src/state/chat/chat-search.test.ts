import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { Chat } from '../../core/chat.ts';
import type { SearchableChat } from '../../core/chat-search.ts';
import { StorageError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { ChatId, MessageId, PersonaId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { ChatSearch } from './chat-search.svelte.ts';

function chat(id: string): Chat {
  return { id: id as ChatId, personaId: 'p' as PersonaId, title: id, createdAt: 0, updatedAt: 0 };
}

function message(chatId: string, seq: number, text: string): Message {
  return { id: `${chatId}-${seq}` as MessageId, chatId: chatId as ChatId, seq, role: 'user', text, status: 'complete', createdAt: seq, updatedAt: seq };
}

describe('ChatSearch', () => {
  it('searches the open chat as it is at each search', async () => {
    let current: SearchableChat = { chat: chat('a'), messages: [message('a', 0, 'The engine hums.')] };
    const search = ChatSearch.ofChat(() => current);
    await search.run('engine');
    expect(search.results?.hits.map((h) => h.messageId)).toEqual(['a-0']);
    current = { ...current, messages: [...current.messages, message('a', 1, 'Another ENGINE.')] };
    await search.run('engine');
    expect(search.results?.total).toBe(2);
    await search.run('  ');
    expect(search.results).toBeNull();
  });

  it("reads a persona's chats from storage once, and searches them all in list order", async () => {
    const repo = createMemoryRepository();
    await repo.messages.bulkPut([message('a', 0, '花谢花飞花满天'), message('b', 0, '红消香断有谁怜，花满天'), message('b', 1, 'no flowers')]);
    let reads = 0;
    const listByChat = repo.messages.listByChat.bind(repo.messages);
    repo.messages.listByChat = async (id) => {
      reads++;
      return listByChat(id);
    };
    const search = ChatSearch.ofChats(repo, () => [chat('b'), chat('a')]);
    await search.run('花满天');
    expect(search.results?.hits.map((h) => [h.chatId, h.messageId, h.before])).toEqual([
      ['b', 'b-0', '红消香断有谁怜，'],
      ['a', 'a-0', '花谢花飞'],
    ]);
    await search.run('flowers');
    expect(search.results?.total).toBe(1);
    expect(reads).toBe(2);
    expect(search.loading).toBe(false);
  });

  it('drops a search overtaken by a newer query', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const search = new ChatSearch(
      async () => {
        await gate;
        return [{ chat: chat('a'), messages: [message('a', 0, 'alpha beta')] }];
      },
      { keep: true },
    );
    const first = search.run('alpha');
    const second = search.run('beta');
    release();
    await Promise.all([first, second]);
    expect(search.query).toBe('beta');
    expect(search.results?.query).toBe('beta');
  });

  it('says why the chats could not be read, and tries again on the next search', async () => {
    let fail = true;
    const search = new ChatSearch(
      async () => {
        if (fail) throw new StorageError('not-found', msg('storage.error.messageGone'));
        return [{ chat: chat('a'), messages: [message('a', 0, 'found')] }];
      },
      { keep: true },
    );
    await search.run('found');
    expect(search.error?.key).toBe('storage.error.messageGone');
    expect(search.results).toBeNull();
    fail = false;
    await search.run('found');
    expect(search.error).toBeNull();
    expect(search.results?.total).toBe(1);
  });
});
