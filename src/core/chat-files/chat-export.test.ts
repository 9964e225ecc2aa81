import { describe, expect, it } from 'vitest';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { chatFileName, localTime, toMarkdown, toPlainText, type ChatRecord } from './chat-export.ts';

const T0 = new Date(2024, 4, 1, 9, 5).getTime();

function record(title: string, texts: [Message['role'], string][]): ChatRecord {
  const chatId = `c-${title}` as ChatId;
  const messages = texts.map(([role, text], seq): Message => ({
    id: `${title}-${seq}` as MessageId,
    chatId,
    seq,
    role,
    text,
    status: text ? 'complete' : 'error',
    createdAt: T0 + seq * 60_000,
    updatedAt: T0,
  }));
  return { chat: { id: chatId, personaId: 'p' as PersonaId, title, createdAt: T0, updatedAt: T0 }, messages, characterName: 'Maren', userName: 'Tom' };
}

describe('readable chat exports', () => {
  const first = record('Chat 1', [
    ['assistant', 'Welcome.'],
    ['user', 'A room, *please*.'],
    ['assistant', ''],
    ['assistant', '*nods*\n\n"Second floor."'],
  ]);

  it('writes Markdown: the title, then each message under its speaker and time, in order, failed empty replies left out', () => {
    const md = toMarkdown([first]);
    expect(md).toBe(
      [
        '# Chat 1',
        `**Maren** · ${localTime(T0)}\n\nWelcome.`,
        `**Tom** · ${localTime(T0 + 60_000)}\n\nA room, *please*.`,
        `**Maren** · ${localTime(T0 + 180_000)}\n\n*nods*\n\n"Second floor."`,
      ].join('\n\n') + '\n',
    );
    expect(localTime(T0)).toBe('2024-05-01 09:05');
  });

  it('marks the alternative shown, and puts several chats in one document', () => {
    const withSwipes = record('Chat 2', [['assistant', 'B']]);
    const only = withSwipes.messages[0] as Message;
    withSwipes.messages = [
      {
        ...only,
        variants: [
          { text: 'A', status: 'complete', createdAt: T0 },
          { text: 'B', status: 'complete', createdAt: T0 },
        ],
        activeVariant: 1,
      },
    ];
    const md = toMarkdown([first, withSwipes]);
    expect(md).toContain(`\n\n---\n\n# Chat 2\n\n**Maren** · ${localTime(T0)} · 2/2\n\nB\n`);
    expect(toPlainText([first, withSwipes])).toBe(
      'Chat 1\n======\n\nMaren: Welcome.\n\nTom: A room, *please*.\n\nMaren: *nods*\n\n"Second floor."\n\n\nChat 2\n======\n\nMaren: B\n',
    );
  });

  it('names files after the character and the chat, in any script, without path characters', () => {
    expect(chatFileName('Maren', 'Chat 1', 'jsonl')).toBe('Maren - Chat 1.jsonl');
    expect(chatFileName('林晚', '对话 1', 'md')).toBe('林晚 - 对话 1.md');
    expect(chatFileName('../x', 'a/b:c', 'txt')).toBe('x - a b c.txt');
    expect(chatFileName('', '', 'txt')).toBe('chat.txt');
  });
});

describe('readable exports of a group chat', () => {
  const group = record('Harbour', [
    ['assistant', 'Welcome aboard.'],
    ['user', 'Hello, all.'],
    ['assistant', 'Evening.'],
    ['assistant', '*waves*'],
    ['assistant', 'Who is there?'],
  ]);
  group.messages = group.messages.map((m, i) =>
    i === 2
      ? { ...m, speakerId: 'maren' as PersonaId }
      : i === 3
        ? { ...m, speakerId: 'tobin' as PersonaId }
        : i === 4
          ? { ...m, speakerId: 'gone' as PersonaId }
          : m,
  );
  group.speakerNames = new Map([
    ['maren', 'Maren'],
    ['tobin', 'Tobin [the diver]'],
  ]);

  it('writes each character message under its speaker’s name (the host’s when it names none or one no longer known)', () => {
    expect(toPlainText([group])).toBe(
      'Harbour\n=======\n\nMaren: Welcome aboard.\n\nTom: Hello, all.\n\nMaren: Evening.\n\nTobin [the diver]: *waves*\n\nMaren: Who is there?\n',
    );
    const md = toMarkdown([group]);
    expect(md).toContain(`**Tobin \\[the diver\\]** · ${localTime(T0 + 180_000)}\n\n*waves*`);
    expect(md.match(/\*\*Maren\*\*/g)).toHaveLength(3);
  });
});
