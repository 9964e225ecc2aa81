import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import { english } from '../i18n/message.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import type { ChatRecord } from './chat-export.ts';
import { importedChat, importedMessages, readSillyTavernDate, SillyTavernChatReader, sillyTavernDate, toSillyTavernJsonl } from './sillytavern-chat.ts';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const chatId = 'c1' as ChatId;

function message(seq: number, role: Message['role'], text: string, extra: Partial<Message> = {}): Message {
  const at = T0 + seq * 60_000;
  return { id: `m${seq}` as MessageId, chatId, seq, role, text, status: 'complete', createdAt: at, updatedAt: at, ...extra };
}

/** A chat with what a real one holds: alternate greetings, an edited line, a regenerated reply, a stopped one, a failed empty one. */
function record(): ChatRecord {
  const chat: Chat = { id: chatId, personaId: 'p1' as PersonaId, title: 'Evening at the inn', createdAt: T0, updatedAt: T0 + 999, replyForm: 'scene' };
  const messages: Message[] = [
    message(0, 'assistant', 'Welcome, traveller.', {
      variants: [
        { text: 'Welcome, traveller.', status: 'complete', createdAt: T0 },
        { text: 'Back again?', status: 'complete', createdAt: T0 },
      ],
      activeVariant: 0,
    }),
    message(1, 'user', 'A room, please.', { editedAt: T0 + 70_000 }),
    message(2, 'assistant', '*nods* "Second floor."', {
      raw: 'Maren: *nods* "Second floor."',
      engine: 'openai',
      model: 'qwen2.5:3b',
      variants: [
        { text: 'First try.', status: 'complete', createdAt: T0 + 120_000, engine: 'openai', model: 'qwen2.5:3b' },
        {
          text: '*nods* "Second floor."',
          raw: 'Maren: *nods* "Second floor."',
          status: 'complete',
          createdAt: T0 + 130_000,
          engine: 'openai',
          model: 'qwen2.5:3b',
        },
        { text: 'Cut sh', status: 'interrupted', interruptReason: 'user-stop', createdAt: T0 + 140_000 },
      ],
      activeVariant: 1,
    }),
    message(3, 'user', 'Thanks.'),
    message(4, 'assistant', 'And brea', { status: 'interrupted', interruptReason: 'max-tokens' }),
    message(5, 'assistant', '', { status: 'error', error: { code: 'network', message: 'offline' } }),
  ];
  return { chat, messages, characterName: 'Maren', userName: 'Tom' };
}

function lines(text: string): Record<string, unknown>[] {
  return text
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function reasonOf(fn: () => unknown): { code: string; text: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return { code: error.code, text: english(error.text) };
    throw error;
  }
  throw new Error('no error');
}

let ids = 0;
const nextId = () => `n${++ids}` as MessageId;

describe('SillyTavern chat files: writing', () => {
  it('writes the header and one line per message with text, in the shape SillyTavern reads', () => {
    const [header, ...rest] = lines(toSillyTavernJsonl(record()));
    expect(header).toEqual({
      user_name: 'Tom',
      character_name: 'Maren',
      create_date: '2024-5-1 @12h 00m 00s 000ms',
      chat_metadata: { egos: { title: 'Evening at the inn', replyForm: 'scene' } },
    });
    expect(rest).toHaveLength(5); // the failed reply without text is left out
    for (const line of rest) {
      expect(typeof line.name).toBe('string');
      expect(typeof line.is_user).toBe('boolean');
      expect(typeof line.mes).toBe('string');
      expect(Number.isNaN(Date.parse(String(line.send_date)))).toBe(false);
    }
    expect(rest.map((l) => [l.name, l.is_user])).toEqual([
      ['Maren', false],
      ['Tom', true],
      ['Maren', false],
      ['Tom', true],
      ['Maren', false],
    ]);
  });

  it('gives a reply with alternatives its swipes, the shown one as mes and swipe_id, and keeps EGOS data in extra', () => {
    const [, greeting, line, reply, , stopped] = lines(toSillyTavernJsonl(record()));
    expect(reply).toMatchObject({
      mes: '*nods* "Second floor."',
      swipe_id: 1,
      swipes: ['First try.', '*nods* "Second floor."', 'Cut sh'],
      extra: { egos: { engine: 'openai', model: 'qwen2.5:3b' } },
    });
    const info = reply?.swipe_info as { send_date: string; extra: unknown }[];
    expect(info.map((i) => i.send_date)).toEqual([T0 + 120_000, T0 + 130_000, T0 + 140_000].map((t) => new Date(t).toISOString()));
    expect(info[2]?.extra).toEqual({ egos: { status: 'interrupted', interruptReason: 'user-stop' } });
    expect((greeting?.swipes as string[]).length).toBe(2);
    expect(line).not.toHaveProperty('swipes');
    expect(line?.extra).toEqual({ egos: { editedAt: new Date(T0 + 70_000).toISOString() } });
    expect(stopped?.extra).toEqual({ egos: { status: 'interrupted', interruptReason: 'max-tokens' } });
    expect(stopped).not.toHaveProperty('swipes');
  });
});

describe('SillyTavern chat files: reading', () => {
  it('round-trips a chat: texts, speakers, swipes, the chosen swipe, statuses, dates, title and form', () => {
    const source = record();
    const reader = new SillyTavernChatReader(toSillyTavernJsonl(source), 'inn.jsonl').readAll();
    expect(reader.header).toEqual({ userName: 'Tom', characterName: 'Maren', createdAt: T0, title: 'Evening at the inn', replyForm: 'scene' });
    const chat = importedChat(reader.header, { chat: 'c2' as ChatId, persona: 'p9' as PersonaId }, { fallbackTitle: 'Imported' }, T0 + 1e6);
    expect(chat).toMatchObject({ id: 'c2', personaId: 'p9', title: 'Evening at the inn', createdAt: T0, replyForm: 'scene' });
    const back = importedMessages(reader.turns, chat.id, 0, chat.createdAt, nextId);
    const shown = source.messages.filter((m) => m.text !== '');
    expect(back.map((m) => [m.seq, m.role, m.text, m.status, m.createdAt])).toEqual(shown.map((m, i) => [i, m.role, m.text, m.status, m.createdAt]));
    expect(back[1]?.editedAt).toBe(T0 + 70_000);
    expect(back[2]?.activeVariant).toBe(1);
    expect(back[2]?.variants?.map((v) => [v.text, v.status, v.interruptReason, v.createdAt])).toEqual([
      ['First try.', 'complete', undefined, T0 + 120_000],
      ['*nods* "Second floor."', 'complete', undefined, T0 + 130_000],
      ['Cut sh', 'interrupted', 'user-stop', T0 + 140_000],
    ]);
    expect(back[2]).toMatchObject({ engine: 'openai', model: 'qwen2.5:3b' });
    expect(back[4]).toMatchObject({ status: 'interrupted', interruptReason: 'max-tokens' });
    expect(back[0]?.variants?.map((v) => v.text)).toEqual(['Welcome, traveller.', 'Back again?']);
    expect(reader.warnings).toEqual([]);
  });

  it("reads a file SillyTavern wrote: its date forms, is_user for the user's lines whatever the name, other speakers kept with their name", () => {
    const file = [
      JSON.stringify({ user_name: 'You', character_name: 'Seraphina', create_date: '2023-6-19 @16h 13m 05s 120ms', chat_metadata: { integrity: 'abc' } }),
      JSON.stringify({ name: 'Seraphina', is_user: false, is_system: false, send_date: 'June 19, 2023 4:13pm', mes: '*She smiles.* Hello.', extra: {} }),
      JSON.stringify({ name: 'Alex', is_user: true, send_date: 1687191300000, mes: 'Hi!', extra: {} }),
      JSON.stringify({
        name: 'Seraphina',
        is_user: false,
        send_date: '2023-06-19T16:16:00.000Z',
        mes: 'Two',
        swipe_id: 1,
        swipes: ['One', 'Two'],
        swipe_info: [
          { send_date: '2023-06-19T16:15:00.000Z', extra: {} },
          { send_date: '2023-06-19T16:16:00.000Z', extra: {} },
        ],
        extra: { api: 'openai', model: 'gpt' },
      }),
      JSON.stringify({ name: 'Narrator', is_user: false, is_system: false, send_date: 'not a date', mes: 'The fire crackles.' }),
      '',
    ].join('\r\n');
    const reader = new SillyTavernChatReader(`\uFEFF${file}`, 'st.jsonl').readAll();
    expect(reader.header).toMatchObject({ userName: 'You', characterName: 'Seraphina', createdAt: Date.UTC(2023, 5, 19, 16, 13, 5, 120) });
    const stored = importedMessages(reader.turns, chatId, 0, 0, nextId);
    expect(stored.map((m) => [m.role, m.text])).toEqual([
      ['assistant', '*She smiles.* Hello.'],
      ['user', 'Hi!'],
      ['assistant', 'Two'],
      ['assistant', 'Narrator: The fire crackles.'],
    ]);
    expect(stored[0]?.createdAt).toBe(new Date(2023, 5, 19, 16, 13).getTime());
    expect(stored[1]?.createdAt).toBe(1687191300000);
    expect(stored[2]).toMatchObject({ activeVariant: 1, status: 'complete' });
    expect(stored[2]?.variants?.map((v) => [v.text, v.createdAt])).toEqual([
      ['One', Date.parse('2023-06-19T16:15:00.000Z')],
      ['Two', Date.parse('2023-06-19T16:16:00.000Z')],
    ]);
    expect(stored[3]?.createdAt).toBe(stored[2]?.createdAt); // an unreadable date takes the one before
    expect(reader.warnings.map(english)).toEqual([
      "Messages by other speakers (Narrator; 1 in all) were kept as Seraphina's messages, each starting with the speaker's name.",
    ]);
  });

  it('reads in steps: progress counts lines, and the turns are the same as read at once', () => {
    const text = toSillyTavernJsonl(record());
    const reader = new SillyTavernChatReader(text, 'inn.jsonl');
    expect([reader.done, reader.total, reader.finished]).toEqual([0, 5, false]);
    reader.read(2);
    expect([reader.done, reader.turns.length, reader.finished]).toEqual([2, 2, false]);
    reader.read(2);
    reader.read(2);
    expect([reader.done, reader.finished]).toEqual([5, true]);
    expect(reader.turns).toEqual(new SillyTavernChatReader(text, 'inn.jsonl').readAll().turns);
  });

  it('refuses a malformed or foreign file with the line and the reason', () => {
    const header = JSON.stringify({ user_name: 'Tom', character_name: 'Maren', create_date: '' });
    const ok = JSON.stringify({ name: 'Maren', is_user: false, mes: 'Hi' });
    const read = (text: string) => reasonOf(() => new SillyTavernChatReader(text, 'x.jsonl').readAll());
    expect(read(`${header}\n${ok}\n{"name": "Tom", "mes": "cut`)).toMatchObject({
      code: 'bad-json',
      text: expect.stringMatching(/^Line 3 of x\.jsonl is not JSON/),
    });
    expect(read(`${header}\n{"name":"Maren"}`).text).toBe('Line 2 of x.jsonl is not a chat message (it has no "mes" text). Nothing was imported.');
    expect(read(`${header}\n${ok}\n[1,2]`).text).toMatch(/^Line 3 of x\.jsonl is not a chat message/);
    expect(read(`${header}\n{"name":"Maren","mes":"a","swipes":[1,2]}`).text).toBe(
      'Line 2 of x.jsonl: "swipes" must be a list of texts. Nothing was imported.',
    );
    expect(read(`${header}\n{"name":"Maren","mes":"a","is_user":"no"}`).text).toBe('Line 2 of x.jsonl: "is_user" must be true or false. Nothing was imported.');
    expect(read(`${header}\n{"name":"Maren","mes":"a","swipes":["a","b"],"swipe_id":0.5}`).code).toBe('invalid');
    expect(read(ok)).toMatchObject({ code: 'wrong-type', text: expect.stringContaining('not a SillyTavern chat') });
    expect(read(JSON.stringify({ spec: 'chara_card_v2', data: { name: 'Maren' } }, null, 2))).toMatchObject({
      code: 'wrong-type',
      text: expect.stringContaining('one JSON document'),
    });
    expect(read('').code).toBe('empty');
    expect(read(`${header}\n\n`).text).toBe('x.jsonl has a header but no messages. Nothing was imported.');
    expect(read(JSON.stringify({ user_name: 'Tom', character_name: ' ' })).text).toMatch(/names no character/);
  });

  it('keeps a swipe_id outside the list from breaking the message: the swipe holding mes is shown', () => {
    const text = [
      JSON.stringify({ user_name: 'Tom', character_name: 'Maren' }),
      JSON.stringify({ name: 'Maren', mes: 'b', swipes: ['a', 'b'], swipe_id: 7 }),
    ].join('\n');
    const [turn] = new SillyTavernChatReader(text, 'x.jsonl').readAll().turns;
    expect(turn).toMatchObject({ text: 'b', activeVariant: 1 });
  });
});

describe('SillyTavern dates', () => {
  it('reads every form SillyTavern writes and round-trips its own', () => {
    const at = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
    expect(sillyTavernDate(at)).toBe('2024-1-2 @03h 04m 05s 006ms');
    expect(readSillyTavernDate(sillyTavernDate(at))).toBe(at);
    expect(readSillyTavernDate('2024-1-2@3h4m5s')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(readSillyTavernDate(new Date(at).toISOString())).toBe(at);
    expect(readSillyTavernDate(at)).toBe(at);
    expect(readSillyTavernDate('December 31, 2023 12:05am')).toBe(new Date(2023, 11, 31, 0, 5).getTime());
    expect(readSillyTavernDate('Dec 31, 2023 12:05pm')).toBe(new Date(2023, 11, 31, 12, 5).getTime());
    for (const bad of ['', 'yesterday', -1, Number.NaN, null, {}]) expect(readSillyTavernDate(bad)).toBeUndefined();
  });
});

describe('a group chat as a SillyTavern file', () => {
  it('names each message’s speaker, as SillyTavern’s group chats do; the header names the host', () => {
    const chat: Chat = {
      id: chatId,
      personaId: 'maren' as PersonaId,
      title: 'Harbour',
      createdAt: T0,
      updatedAt: T0,
      members: [{ personaId: 'maren' as PersonaId }, { personaId: 'tobin' as PersonaId }],
      turnOrder: 'list',
    };
    const messages = [
      message(0, 'assistant', 'Welcome aboard.', { speakerId: 'maren' as PersonaId }),
      message(1, 'user', 'Hello, all.'),
      message(2, 'assistant', '*waves*', { speakerId: 'tobin' as PersonaId, cue: "[Tobin's turn]" }),
      message(3, 'assistant', 'Evening.'),
    ];
    const speakerNames = new Map([
      ['maren', 'Maren'],
      ['tobin', 'Tobin'],
    ]);
    const [header, ...rest] = lines(toSillyTavernJsonl({ chat, messages, characterName: 'Maren', userName: 'Tom', speakerNames }));
    expect(header).toMatchObject({ user_name: 'Tom', character_name: 'Maren' });
    expect(rest.map((l) => [l.name, l.is_user, l.mes])).toEqual([
      ['Maren', false, 'Welcome aboard.'],
      ['Tom', true, 'Hello, all.'],
      ['Tobin', false, '*waves*'],
      ['Maren', false, 'Evening.'],
    ]);
    expect(JSON.stringify(rest)).not.toContain('turn]');
  });
});
