import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { english } from '../../core/i18n/message.ts';
import { newId, type ChatId, type MessageId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { createPersona, type Persona, renderPersonaState } from '../../core/persona/index.ts';
import { countReplies, PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import type { AppServices } from '../app/services.ts';

const persona = createPersona({ name: 'Ada' }, newId(), 1);

function setup(who: Persona = persona) {
  const repo = createMemoryRepository();
  const chat: Chat = { id: newId<ChatId>(), personaId: who.id, title: 'c', createdAt: 1, updatedAt: 1 };
  const services = { repo, now: () => 5000 } as unknown as AppServices;
  return { repo, chat, services };
}

function turns(chat: Chat, replies: number): Message[] {
  const list: Message[] = [];
  let seq = 0;
  const add = (role: 'user' | 'assistant', text: string) =>
    list.push({ id: newId<MessageId>(), chatId: chat.id, seq: seq++, role, text, status: 'complete', createdAt: seq, updatedAt: seq });
  add('assistant', 'Good evening.');
  for (let i = 0; i < replies; i++) {
    add('user', `Line ${i}`);
    add('assistant', `Reply ${i}`);
  }
  return list;
}

const update = JSON.stringify({ mood: 'delighted', closenessChange: 1, reason: 'The user praised her engine.' });

describe('countReplies', () => {
  it('counts completed replies after the first user line, not the greeting', () => {
    const chat = setup().chat;
    expect(countReplies(turns(chat, 0))).toBe(0);
    expect(countReplies(turns(chat, 3))).toBe(3);
  });
});

describe('PersonaStateKeeper', () => {
  it('starts from the persona start state and renders it as a note line', () => {
    const warm = createPersona({ name: 'Ada', initialState: { mood: 'curious', closeness: 2 } }, newId(), 1);
    const { services, chat } = setup(warm);
    const keeper = new PersonaStateKeeper(services, chat, warm);
    expect(keeper.state.mood).toBe('curious');
    expect(keeper.state.closeness).toBe(2);
    expect(renderPersonaState(keeper.state, persona)).toBe('Your mood right now: curious. Your relationship with Me right now: friendly.');
  });

  it('asks the model every few replies, applies the bounded change and saves it with its history', async () => {
    const { services, chat, repo } = setup();
    await repo.chats.put(chat);
    const keeper = new PersonaStateKeeper(services, chat, persona, 2);
    const engine = new ScriptedEngine([update]);
    await keeper.update(engine, turns(chat, 1));
    expect(engine.requests).toHaveLength(0);
    await keeper.update(engine, turns(chat, 2));
    expect(engine.requests).toHaveLength(1);
    expect(engine.requests[0]?.responseFormat?.type).toBe('json');
    expect(keeper.state).toMatchObject({ mood: 'delighted', closeness: 1, lastUpdateTurn: 2 });
    expect(keeper.state.history).toEqual([{ at: 5000, turnSeq: 2, mood: 'delighted', closeness: 1, reason: 'The user praised her engine.', source: 'model' }]);
    const stored = await repo.chats.get(chat.id);
    expect(stored?.personaState).toEqual(keeper.state);
    expect(stored?.title).toBe('c');
    await keeper.update(engine, turns(chat, 3));
    expect(engine.requests).toHaveLength(1);
  });

  it('leaves the state alone on garbled output or an engine error, and says so', async () => {
    const { services, chat, repo } = setup();
    const keeper = new PersonaStateKeeper(services, chat, persona, 1);
    const before = keeper.state;
    await keeper.update(new ScriptedEngine(['not json at all']), turns(chat, 1));
    expect(keeper.state).toBe(before);
    expect(keeper.notice?.key).toBe('chat.moodFailed');
    expect(english(keeper.notice!)).toContain('could not be updated');
    expect(await repo.chats.get(chat.id)).toBeUndefined();
    await keeper.update(new ScriptedEngine([]), turns(chat, 2));
    expect(keeper.state).toBe(before);
    await keeper.update(new ScriptedEngine([update]), turns(chat, 3));
    expect(keeper.state.mood).toBe('delighted');
    expect(keeper.notice).toBeNull();
  });

  it('saves a user edit with a history entry and reloads it from the chat', async () => {
    const { services, chat, repo } = setup();
    await repo.chats.put(chat);
    const keeper = new PersonaStateKeeper(services, chat, persona);
    expect(await keeper.edit({ mood: 'annoyed', closeness: -1 }, turns(chat, 2))).toBeNull();
    expect(keeper.state.history.at(-1)).toMatchObject({ mood: 'annoyed', closeness: -1, source: 'user', turnSeq: 2, reason: 'Edited by you' });
    const again = new PersonaStateKeeper(services, chat, persona);
    await again.load();
    expect(again.state.mood).toBe('annoyed');
    expect(renderPersonaState(again.state, persona)).toContain('wary');
  });

  it('reports a failed save of an edit and keeps the old state', async () => {
    const { services, chat, repo } = setup();
    const keeper = new PersonaStateKeeper(services, chat, persona);
    repo.failWritesWith = new Error('disk full');
    expect(await keeper.edit({ mood: 'annoyed', closeness: -1 }, [])).toBeTruthy();
    expect(keeper.state.mood).toBe('calm');
  });
});
