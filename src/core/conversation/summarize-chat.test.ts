import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../chat.ts';
import { newId, type ChatId, type MessageId, type PersonaId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { createPersona } from '../persona/index.ts';
import { NO_SUMMARY_FAILURES } from '../summarize/summary-retry.ts';
import type { TokenCounter } from '../token-counter.ts';
import { summarizeChat } from './summarize-chat.ts';

const words: TokenCounter = { id: 'words', count: (t) => t.split(/\s+/).filter(Boolean).length };
const persona = createPersona({ name: 'Ada' }, newId(), 1);
const chat: Chat = { id: newId<ChatId>(), personaId: persona.id, title: 't', createdAt: 1, updatedAt: 1 };

function messages(n: number): Message[] {
  return Array.from({ length: n }, (_, i) => ({
    id: newId<MessageId>(),
    chatId: chat.id,
    seq: i,
    role: i % 2 ? 'assistant' : 'user',
    status: 'complete',
    createdAt: i,
    updatedAt: i,
    text: `line ${i} about the bees and the blue hive near the river where Ada walks every single morning`,
  }));
}

const summaryJson = JSON.stringify({ topic: 'bees', facts: ['the hive is blue'], promises: [], names: ['Ada'], numbers: [] });

describe('summarizeChat', () => {
  it('summarizes the oldest block when turns overflow, stores it, and never touches the turns', async () => {
    const saved: Memory[] = [];
    const engine = new ScriptedEngine(() => summaryJson);
    const list = messages(40);
    const result = await summarizeChat({
      chat,
      persona,
      messages: list,
      summaries: [],
      engine,
      counter: words,
      budgetTokens: 300,
      retry: NO_SUMMARY_FAILURES,
      save: async (m) => void saved.push(m),
      now: () => 5,
    });
    expect(result.error).toBeUndefined();
    expect(result.created.length).toBeGreaterThan(0);
    expect(saved).toEqual(result.created);
    expect(saved[0]).toMatchObject({ kind: 'summary', chatId: chat.id, level: 0 });
    expect(saved[0]?.range?.fromSeq).toBe(0);
    expect(saved.every((m) => (m.range?.toSeq ?? 99) < 36)).toBe(true);
    expect(list).toHaveLength(40);
  });

  it('does nothing when everything fits', async () => {
    const engine = new ScriptedEngine([]);
    const result = await summarizeChat({
      chat,
      persona,
      messages: messages(4),
      summaries: [],
      engine,
      counter: words,
      budgetTokens: 5000,
      retry: NO_SUMMARY_FAILURES,
      save: async () => {},
      now: () => 5,
    });
    expect(result.created).toEqual([]);
    expect(engine.requests).toHaveLength(0);
  });

  it('a garbled summary keeps the raw turns, reports the error and backs off', async () => {
    const engine = new ScriptedEngine(() => 'sorry, I cannot do that');
    const input = {
      chat,
      persona,
      messages: messages(40),
      summaries: [],
      engine,
      counter: words,
      budgetTokens: 300,
      save: async () => {
        throw new Error('must not save');
      },
      now: () => 5,
    };
    const first = await summarizeChat({ ...input, retry: NO_SUMMARY_FAILURES });
    expect(first.error?.code).toBeDefined();
    expect(first.created).toEqual([]);
    expect(first.retry.failures).toBe(1);
    const again = await summarizeChat({ ...input, retry: first.retry });
    expect(engine.requests).toHaveLength(1);
    expect(again.retry).toEqual(first.retry);
  });

  it('does not save a summary built from inputs that went stale meanwhile, and ends the pass', async () => {
    const saved: Memory[] = [];
    const engine = new ScriptedEngine(() => summaryJson);
    const result = await summarizeChat({
      chat,
      persona,
      messages: messages(200),
      summaries: [],
      engine,
      counter: words,
      budgetTokens: 300,
      retry: NO_SUMMARY_FAILURES,
      save: async (m) => void saved.push(m),
      isStale: () => saved.length > 0,
      now: () => 5,
    });
    expect(saved).toHaveLength(1);
    expect(result.created).toEqual(saved);
    expect(result.superseded).toBe(true);
    expect(result.error).toBeUndefined();
    expect(engine.requests).toHaveLength(2);
  });

  it('a group chat: each turn under its speaker, every member named, and a member’s name kept when the summary drops it (a member who did not speak in the block)', async () => {
    const lin = createPersona({ name: '林晚', language: 'zh', user: { name: '阿远', description: '' } }, newId(), 1);
    const cast = new Map([
      [lin.id as string, '林晚'],
      ['zhou', '小周'],
      ['mei', '阿梅'],
    ]);
    const lines = Array.from({ length: 40 }, (_, i): Message => ({
      id: newId<MessageId>(),
      chatId: chat.id,
      seq: i,
      role: i % 2 ? 'assistant' : 'user',
      status: 'complete',
      createdAt: i,
      updatedAt: i,
      text: i === 0 ? '阿梅今天来了吗，我们一起去河边看看那个蓝色的蜂箱好不好' : `第${i}句，关于河边那个蓝色的蜂箱和每天早上的散步，还有很多很多的话要说`,
      ...(i % 4 === 1 ? { speakerId: 'zhou' as PersonaId } : {}),
    }));
    const engine = new ScriptedEngine(() => JSON.stringify({ topic: '蜂箱', facts: ['蜂箱是蓝色的'], promises: [], names: [], numbers: [] }));
    const saved: Memory[] = [];
    await summarizeChat({
      chat: { ...chat, personaId: lin.id },
      persona: lin,
      cast,
      messages: lines,
      summaries: [],
      engine,
      counter: { id: 'chars', count: (t) => [...t].length },
      budgetTokens: 600,
      retry: NO_SUMMARY_FAILURES,
      save: async (m) => void saved.push(m),
      maxSteps: 1,
      now: () => 5,
    });
    const request = engine.requests[0]?.input;
    const [system, user] = request?.kind === 'chat' ? request.messages.map((m) => m.content) : [];
    expect(system).toContain('为林晚、小周、阿梅和阿远之间的角色扮演对话写场景摘要');
    expect(user).toContain('小周：「第1句');
    expect(user).toContain('林晚：「第3句');
    expect(saved[0]?.text).toContain('人物：小周、林晚、阿远');
    expect(saved[0]?.text).toMatch(/名字：.*阿梅/);
  });
});
