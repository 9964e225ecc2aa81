import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { msg } from '../i18n/message.ts';
import { checkRatedChats } from './check-rated-chats.ts';
import { chatExchanges, groupChatLeftOut, MIN_GROUP_REPLIES, ratedChat, type RatedChat } from './rated-chat.ts';

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

  const ludwig = 'p-ludwig' as PersonaId;
  const tobin = 'p-tobin' as PersonaId;
  const said = (seq: number, speakerId: PersonaId, text: string): Message => ({ ...line(seq, 'assistant', text), speakerId });
  const group: Chat = {
    id: 'g' as ChatId,
    personaId: tobin,
    members: [{ personaId: tobin }, { personaId: ludwig }],
    title: 'Tavern',
    createdAt: 1,
    updatedAt: 1,
    rating: { scores: { overall: 3 }, comment: '', ratedAt: 2, userTurns: 20 },
  };
  const groupLines = [
    line(0, 'assistant', 'Welcome, says the host.'),
    line(1, 'user', 'Hello both.'),
    said(2, tobin, 'Hi!'),
    line(3, 'user', 'Ludwig?'),
    said(4, ludwig, 'Yes.'),
    said(5, 'p-gone' as PersonaId, 'I left later.'),
    said(6, ludwig, 'Again.'),
  ];

  it("a group chat's exchanges are the evaluated persona's replies, with every line before each named", () => {
    const cast = new Map([
      [tobin, 'Tobin'],
      [ludwig, 'Ludwig'],
    ]);
    expect(chatExchanges(groupLines, group, { personaId: ludwig, cast }).map((e) => [e.question, e.answer])).toEqual([
      ['Tobin: Welcome, says the host.\nUser: Hello both.\nTobin: Hi!\nUser: Ludwig?', 'Yes.'],
      ['Another character: I left later.', 'Again.'],
    ]);
    expect(ratedChat(group, groupLines, { personaId: ludwig, cast })).toMatchObject({ group: true, exchanges: { length: 2 } });
    expect(ratedChat(group, groupLines, { personaId: 'p-none' as PersonaId })).toBeNull();
  });

  it(`leaves a group chat out when the persona said fewer than ${MIN_GROUP_REPLIES} replies there, naming the reason`, () => {
    expect(groupChatLeftOut(group, groupLines, { id: ludwig, name: 'Ludwig' })).toEqual(
      msg('eval.ratedChatFewReplies', { title: 'Tavern', name: 'Ludwig', replies: 2, min: MIN_GROUP_REPLIES }),
    );
    const more = [...groupLines, ...[7, 8, 9].map((seq) => said(seq, ludwig, `Reply ${seq}.`))];
    expect(groupChatLeftOut(group, more, { id: ludwig, name: 'Ludwig' })).toBeNull();
    expect(groupChatLeftOut({ ...group, members: undefined }, [], { id: ludwig, name: 'Ludwig' })).toBeNull();
  });

  it("refuses a run's rated chat whose memories are not a list of texts", () => {
    const chat = ratedChat(group, groupLines, { personaId: ludwig }) as RatedChat;
    expect(checkRatedChats([{ ...chat, memories: ['Fact: Ludwig is deaf.'] }])[0]?.memories).toEqual(['Fact: Ludwig is deaf.']);
    expect(() => checkRatedChats([{ ...chat, memories: [7] as unknown as string[] }])).toThrow(/memories saved with the rated chat "Tavern"/);
  });
});
