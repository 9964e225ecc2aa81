import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona } from '../../core/persona/index.ts';
import type { AppServices } from '../app/services.ts';
import { ChatList } from './chat-list.svelte.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, 'p1' as PersonaId, 1);

function list(storedText?: AppServices['storedText']): ChatList {
  let clock = 100;
  const services = { repo: createMemoryRepository(), now: () => ++clock, storedText } as unknown as AppServices;
  return new ChatList(services, persona);
}

describe('ChatList', () => {
  it('numbers new chats, newest first, in English by default', async () => {
    const chats = list();
    await chats.create();
    await chats.create();
    expect(chats.list.map((c) => c.title)).toEqual(['Chat 2', 'Chat 1']);
  });

  it('stores the title in the language the app writes stored text in', async () => {
    const chats = list((message) => inChinese(message));
    expect((await chats.create()).title).toBe('对话 1');
  });
});
