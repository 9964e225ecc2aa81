import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../chat.ts';
import { newId, type ChatId, type MessageId } from '../ids.ts';
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
});
