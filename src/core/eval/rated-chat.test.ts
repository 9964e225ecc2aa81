import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { chatExchanges, ratedChat } from './rated-chat.ts';

const line = (seq: number, role: Message['role'], text: string, status: Message['status'] = 'complete'): Message => ({
  id: `m${seq}` as MessageId,
  chatId: 'c' as ChatId,
  seq,
  role,
  text,
  status,
  createdAt: seq,
  updatedAt: seq,
});

const messages = [
  line(0, 'assistant', 'Good evening.'),
  line(1, 'user', 'Hello.'),
  line(2, 'user', ' Are you there? '),
  line(3, 'assistant', 'I am.'),
  line(4, 'user', 'Play.'),
  line(5, 'assistant', '', 'error'),
  line(6, 'assistant', 'Gladly.'),
];

describe('rated chats for the judge', () => {
  it('pairs each reply with the user lines before it; the greeting has none; failed replies are left out', () => {
    expect(chatExchanges(messages).map((e) => [e.question, e.answer])).toEqual([
      ['', 'Good evening.'],
      ['Hello.\nAre you there?', 'I am.'],
      ['Play.', 'Gladly.'],
    ]);
  });

  it('snapshots a rated chat, and none for an unrated or empty one', () => {
    const chat: Chat = { id: 'c' as ChatId, personaId: 'p' as PersonaId, title: 'Evening', createdAt: 1, updatedAt: 1 };
    expect(ratedChat(chat, messages)).toBeNull();
    const rating = { scores: { overall: 4 }, comment: '', ratedAt: 2, userTurns: 20 };
    expect(ratedChat({ ...chat, rating }, messages)).toMatchObject({ chatId: 'c', title: 'Evening', rating, exchanges: { length: 3 } });
    expect(ratedChat({ ...chat, rating }, [line(1, 'user', 'Hi')])).toBeNull();
  });
});
