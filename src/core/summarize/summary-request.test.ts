import { describe, expect, it } from 'vitest';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import type { SummaryMemory } from './summary-coverage.ts';
import type { MergePlan, TurnBlockPlan } from './summary-policy.ts';
import { buildSummaryRequest } from './summary-request.ts';

const chars: TokenCounter = { id: 'chars', count: (t) => [...t].length };

function message(seq: number, text: string): Message {
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role: seq % 2 ? 'assistant' : 'user', text, status: 'complete', createdAt: 0, updatedAt: 0 };
}

function contents(plan: TurnBlockPlan | MergePlan, language: 'en' | 'zh', clip?: number): string[] {
  const request = buildSummaryRequest(plan, {
    language,
    characterName: '林黛玉',
    userName: '宝玉',
    ...(clip ? { clip: { counter: chars, maxInputTokens: clip } } : {}),
  });
  return request.input.kind === 'chat' ? request.input.messages.map((m) => m.content) : [];
}

const block: TurnBlockPlan = {
  kind: 'turns',
  level: 0,
  range: { fromSeq: 0, toSeq: 1 },
  messages: [message(0, '妹妹今天好些了？'), message(1, '你又来了。明天三点在潇湘馆见。')],
  inputTokens: 0,
  usedTokens: 0,
  budgetTokens: 0,
};

describe('buildSummaryRequest', () => {
  it('writes the scene in quote mode with Chinese instructions for a Chinese persona', () => {
    const [system, user] = contents(block, 'zh');
    expect(system).toContain('林黛玉和宝玉之间的角色扮演对话');
    expect(user).toContain('<scene>\n宝玉：「妹妹今天好些了？」\n林黛玉：「你又来了。明天三点在潇湘馆见。」\n</scene>');
    expect(user).toContain('用中文书写各个值。');
  });

  it('sends the summaries to merge as numbered parts', () => {
    const summary = (id: string, text: string) =>
      ({ id: id as MemoryId, personaId: 'p' as PersonaId, kind: 'summary', text, range: { fromSeq: 0, toSeq: 1 }, level: 0 }) as SummaryMemory;
    const merge: MergePlan = { ...block, kind: 'merge', level: 1, summaries: [summary('a', 'Topic: A'), summary('b', 'Topic: B')] };
    const [, user] = contents(merge, 'en');
    expect(user).toContain('Combine these summaries');
    expect(user).toContain('<summaries>\nPart 1:\nTopic: A\n\nPart 2:\nTopic: B\n</summaries>');
  });

  it('clips a single turn longer than the input limit, keeping its beginning', () => {
    const [, user] = contents({ ...block, messages: [message(0, '一二三四五六七八九十')] }, 'zh', 4);
    expect(user).toContain('宝玉：「一二三四…」');
  });
});

describe('buildSummaryRequest in a group chat', () => {
  const cast = new Map([
    ['maren', 'Maren'],
    ['tobin', 'Tobin'],
    ['ada', 'Ada'],
  ]);
  const spoken = (seq: number, role: Message['role'], text: string, speakerId?: string): Message => ({
    ...message(seq, text),
    role,
    ...(speakerId ? { speakerId: speakerId as PersonaId } : {}),
  });
  const group: TurnBlockPlan = {
    ...block,
    messages: [
      spoken(0, 'assistant', 'Welcome aboard.'),
      spoken(1, 'user', 'Hello, all.'),
      spoken(2, 'assistant', 'Evening.', 'maren'),
      spoken(3, 'assistant', 'Storm coming.', 'tobin'),
      spoken(4, 'assistant', 'I saw it.', 'ada'),
      spoken(5, 'assistant', 'Who are you?', 'gone'),
    ],
  };

  it('writes each character turn under its speaker (the host for a turn without one) and names every character', () => {
    const request = buildSummaryRequest(group, { language: 'en', characterName: 'Maren', userName: 'Tom', cast });
    const [system, user] = request.input.kind === 'chat' ? request.input.messages.map((m) => m.content) : [];
    expect(system).toContain('a role-play chat between Maren, Tobin, Ada and Tom.');
    expect(user).toContain(
      '<scene>\nMaren: "Welcome aboard."\nTom: "Hello, all."\nMaren: "Evening."\nTobin: "Storm coming."\nAda: "I saw it."\nMaren: "Who are you?"\n</scene>',
    );
  });

  it('joins the names as Chinese joins them', () => {
    const request = buildSummaryRequest(group, {
      language: 'zh',
      characterName: '林晚',
      userName: '阿远',
      cast: new Map([
        ['lin', '林晚'],
        ['zhou', '小周'],
        ['ada', 'Ada'],
      ]),
    });
    const system = request.input.kind === 'chat' ? request.input.messages[0]?.content : '';
    expect(system).toContain('为林晚、小周、Ada和阿远之间的角色扮演对话写场景摘要');
  });

  it('without a cast (a one-to-one chat) every character turn is the character’s, as before', () => {
    const request = buildSummaryRequest(group, { language: 'en', characterName: 'Maren', userName: 'Tom' });
    const user = request.input.kind === 'chat' ? request.input.messages[1]?.content : '';
    expect(user).toContain('Maren: "Storm coming."');
    expect(user).not.toContain('Tobin');
  });
});
