import { describe, expect, it } from 'vitest';
import type { Chat } from './chat.ts';
import { foldText, matchRanges, searchChats, SearchIndex, type SearchableChat } from './chat-search.ts';
import type { ChatId, MessageId, PersonaId } from './ids.ts';
import type { Message } from './message.ts';

function chat(id: string, texts: string[]): SearchableChat {
  const info: Chat = { id: id as ChatId, personaId: 'p' as PersonaId, title: id, createdAt: 0, updatedAt: 0 };
  const messages = texts.map((text, seq): Message => ({
    id: `${id}-${seq}` as MessageId,
    chatId: info.id,
    seq,
    role: seq % 2 === 0 ? 'assistant' : 'user',
    text,
    status: 'complete',
    createdAt: 1000 + seq,
    updatedAt: 1000 + seq,
  }));
  return { chat: info, messages };
}

describe('foldText', () => {
  it('lower-cases Latin and turns full-width forms into half-width ones, position for position', () => {
    expect(foldText('Hello WORLD').folded).toBe('hello world');
    expect(foldText('ＡＢＣ１２３，你好').folded).toBe('abc123,你好');
    expect(foldText('ＡＢＣ').map).toBeUndefined();
  });

  it('maps back to the original when folding changes the length', () => {
    const folded = foldText('Wait… ﬁne');
    expect(folded.folded).toBe('wait... fine');
    expect(matchRanges('Wait… ﬁne', 'fine')).toEqual([{ start: 6, end: 9 }]);
    expect(matchRanges('Wait… ﬁne', '...')).toEqual([{ start: 4, end: 5 }]);
    expect(matchRanges('Wait… ﬁne', 'wait')).toEqual([{ start: 0, end: 4 }]);
  });
});

describe('matchRanges', () => {
  it('finds every occurrence, case-insensitively, in Chinese without spaces too', () => {
    expect(matchRanges('The Engine, the ENGINE.', 'engine')).toEqual([
      { start: 4, end: 10 },
      { start: 16, end: 22 },
    ]);
    expect(matchRanges('花谢花飞花满天，红消香断有谁怜', '花满天')).toEqual([{ start: 4, end: 7 }]);
    expect(matchRanges('全角ＡＢＣ字母', 'abc')).toEqual([{ start: 2, end: 5 }]);
    expect(matchRanges('anything', '   ')).toEqual([]);
  });

  it('keeps surrogate pairs whole', () => {
    const text = 'a 👩‍👩‍👧 family';
    const [range] = matchRanges(text, 'family');
    expect(text.slice(range?.start, range?.end)).toBe('family');
  });
});

describe('searchChats', () => {
  const ada = chat('ada', [
    'Good evening. The engine is ready.',
    'Tell me about the cards.',
    'The cards come in two kinds: operation cards and variable cards, which together make a program for the Analytical Engine of Mr Babbage.',
    '花谢花飞花满天，红消香断有谁怜？游丝软系飘春榭，落絮轻沾扑绣帘。',
  ]);
  const other = chat('other', ['No engines here.', 'Only the ENGINE of war.']);

  it('lists one hit per message, in chat order, with the count and a few words around the first match', () => {
    const results = searchChats([ada], 'cards');
    expect(results.total).toBe(2);
    expect(results.searched).toBe(4);
    expect(results.hits.map((h) => [h.messageId, h.count])).toEqual([
      ['ada-1', 1],
      ['ada-2', 3],
    ]);
    const hit = results.hits[1];
    expect(hit).toMatchObject({ chatId: 'ada', seq: 2, role: 'assistant', createdAt: 1002, before: 'The ', match: 'cards' });
    expect(hit?.after).toBe(' come in two kinds: operation cards…');
  });

  it('cuts long context at a word on both sides', () => {
    const hit = searchChats([ada], 'together').hits[0];
    expect(hit?.before.startsWith('…')).toBe(true);
    expect(hit?.before).toMatch(/^…\S/);
    expect(hit?.after.endsWith('…')).toBe(true);
    expect(hit?.after).not.toMatch(/\s…$/);
    expect(`${hit?.before}${hit?.match}${hit?.after}`.length).toBeLessThan(90);
  });

  it('finds Chinese inside a sentence and shows the characters around it', () => {
    const hit = searchChats([ada], '香断').hits[0];
    expect(hit).toMatchObject({ messageId: 'ada-3', match: '香断', before: '花谢花飞花满天，红消' });
    expect(hit?.after.startsWith('有谁怜？')).toBe(true);
  });

  it('searches across chats, in the order given, and ignores case', () => {
    const results = searchChats([other, ada], 'ENGINE');
    expect(results.hits.map((h) => h.messageId)).toEqual(['other-0', 'other-1', 'ada-0', 'ada-2']);
    expect(results.hits[1]?.match).toBe('ENGINE');
  });

  it('lists at most `limit` hits but counts them all; an empty query finds nothing', () => {
    const results = searchChats([other, ada], 'e', { limit: 2 });
    expect(results.hits).toHaveLength(2);
    expect(results.total).toBe(5);
    expect(searchChats([ada], '  ')).toEqual({ query: '', hits: [], total: 0, searched: 0 });
  });

  it('folds each message once per index, and again when the message object is replaced', () => {
    const index = new SearchIndex();
    const first = ada.messages[0] as Message;
    const folded = index.fold(first);
    expect(index.fold(first)).toBe(folded);
    expect(index.fold({ ...first, text: 'changed' }).folded).toBe('changed');
    expect(searchChats([ada], 'engine', { index }).total).toBe(2);
  });
});
