import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import type { Message as Said } from '../../core/i18n/message.ts';
import type { BuiltPrompt } from '../../core/prompt/build.ts';
import { newId, type ChatId, type MemoryId, type MessageId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import { createPersona } from '../../core/persona/index.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import type { AppServices } from '../app/services.ts';
import { SummaryKeeper } from './summary-keeper.svelte.ts';

const words: TokenCounter = { id: 'words', count: (t) => t.split(/\s+/).filter(Boolean).length };
const persona = createPersona({ name: 'Ada' }, newId(), 1);
const chat: Chat = { id: newId<ChatId>(), personaId: persona.id, title: 't', createdAt: 1, updatedAt: 1 };
const merged = JSON.stringify({ topic: 'bees', facts: ['the hive is blue'], promises: [], names: ['Ada'], numbers: [] });

function messages(n: number): Message[] {
  return Array.from({ length: n }, (_, i) => ({
    id: newId<MessageId>(),
    chatId: chat.id,
    seq: i,
    role: i % 2 ? 'assistant' : 'user',
    status: 'complete',
    createdAt: i,
    updatedAt: i,
    text: `line ${i} about the bees`,
  }));
}

function summary(fromSeq: number, toSeq: number): Memory {
  const text = `Topic: bees ${fromSeq}. ` + 'The hive by the river is blue and Ada walks there each morning. '.repeat(4);
  return {
    id: newId<MemoryId>(),
    personaId: persona.id,
    chatId: chat.id,
    kind: 'summary',
    text,
    range: { fromSeq, toSeq },
    level: 0,
    importance: 5,
    pinned: false,
    createdAt: 2,
    updatedAt: 2,
    lastAccessedAt: 2,
    accessCount: 0,
  };
}

const prompt = { historyBudget: 300, turnCost: new Map<number, number>() } as unknown as BuiltPrompt;

describe('SummaryKeeper', () => {
  it('does not let a merge that started before a user edit hide that edit', async () => {
    const repo = createMemoryRepository();
    const services = { repo, now: () => 9, loadTokenCounter: async () => words } as unknown as AppServices;
    const older = [summary(0, 9), summary(10, 19), summary(20, 29), summary(30, 39)];
    for (const m of older) await repo.memories.put(m);
    const keeper = new SummaryKeeper(services, chat);
    await keeper.load();
    let edit: Promise<Said | null> = Promise.resolve(null);
    const engine = new ScriptedEngine((_request, call) => {
      if (call === 0) edit = keeper.edit(older[0]!, 'Topic: bees. The user renamed the hive Clover.');
      return { chunks: [merged], delayMs: 5 };
    });
    keeper.start(persona, messages(48), engine, prompt);
    await keeper.idle();
    expect(await edit).toBeNull();
    expect(engine.requests.length).toBeGreaterThan(0);
    const stored = (await repo.memories.listByChat(chat.id)).filter((m) => m.kind === 'summary');
    expect(stored.every((m) => m.level === 0)).toBe(true);
    expect(keeper.active[0]?.text).toBe('Topic: bees. The user renamed the hive Clover.');
    expect(keeper.error).toBeNull();
  });

  it('merges normally when nothing was edited', async () => {
    const repo = createMemoryRepository();
    const services = { repo, now: () => 9, loadTokenCounter: async () => words } as unknown as AppServices;
    for (const m of [summary(0, 9), summary(10, 19), summary(20, 29), summary(30, 39)]) await repo.memories.put(m);
    const keeper = new SummaryKeeper(services, chat);
    await keeper.load();
    keeper.start(persona, messages(48), new ScriptedEngine(() => merged), prompt);
    await keeper.idle();
    expect(keeper.all.some((m) => (m.level ?? 0) > 0)).toBe(true);
    expect(keeper.active[0]?.level).toBe(1);
  });
});
