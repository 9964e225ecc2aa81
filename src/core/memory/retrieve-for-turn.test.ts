import { describe, expect, it } from 'vitest';
import type { ChatId, MemoryId, PersonaId } from '../ids.ts';
import type { Memory } from './memory.ts';
import { markAccessed } from './access.ts';
import { noteBudgets } from '../prompt/budget.ts';
import { MemoryIndex } from './memory-index.ts';
import { retrieveForTurn } from './retrieve-for-turn.ts';
import type { TurnRetrievalInput } from './retrieval-types.ts';

const NOW = 1_700_000_000_000;
const CHAT = 'c1' as ChatId;
const counter = { id: 'chars', count: (s: string) => s.length };

function mem(id: string, text: string, extra: Partial<Memory> = {}): Memory {
  return {
    id: id as MemoryId,
    personaId: 'p' as PersonaId,
    chatId: CHAT,
    kind: 'fact',
    text,
    importance: 5,
    pinned: false,
    createdAt: NOW,
    updatedAt: NOW,
    lastAccessedAt: NOW,
    accessCount: 0,
    ...extra,
  };
}

/** Lore that fired this turn: the chat strategy adds its text to the prompt text retrieval dedups against. */
const FIRED_LORE = 'Mia loves green tea.';

function input(extra: Partial<TurnRetrievalInput> = {}): TurnRetrievalInput {
  const index = MemoryIndex.build([
    mem('f-tea', 'Mia loves green tea.'),
    mem('f-tea-again', 'mia loves green tea'),
    mem('f-sister', 'Mia has a sister who sells tea in 长安.'),
    mem('f-other', 'Mia fears the 长安 night market.', { chatId: 'c2' as ChatId }),
    mem('s-market', '长安西市的茶商每天清晨开门，卖各地的好茶。', { kind: 'source-chunk', chatId: undefined }),
    mem('s-old', 'Summary: Mia and Li Bai met at the gate.', { kind: 'summary' }),
    mem('x-line', 'Li Bai: "Tea is poetry you can drink."', { kind: 'sample-line', chatId: undefined }),
  ]);
  return {
    index,
    chatId: CHAT,
    persona: { name: 'Li Bai', sampleDialogues: 'Mia: "Poems?"\nLi Bai: "Only with wine in hand."', user: { name: 'Mia', description: '' } },
    messages: [
      { role: 'assistant', text: 'Li Bai: "Shall we walk?"' },
      { role: 'user', text: 'Let us buy tea in 长安 for my sister.' },
    ],
    promptText: `Summary: Mia and Li Bai met at the gate.\n${FIRED_LORE}`,
    budgets: noteBudgets(4096),
    tokenCounter: counter,
    now: NOW,
    ...extra,
  };
}

describe('retrieveForTurn', () => {
  it('fills memories, source chunks and exemplars with reasons', () => {
    const r = retrieveForTurn(input());
    expect(r.memories.map((i) => i.id)).toEqual(['f-sister']);
    expect(r.memories[0]!.reason).toMatch(/^words 1\.00 · recency 1\.00 · importance 0\.44$/);
    expect(r.sourceChunks.map((i) => i.id)).toEqual(['s-market']);
    expect(r.exemplars.map((i) => i.id)).toEqual(['x-line', 'sample-0']);
    expect(r.tokens).toBe([...r.memories, ...r.sourceChunks, ...r.exemplars].reduce((n, i) => n + i.tokens, 0));
  });

  it('deduplicates against the prompt (lore that fired included) and earlier slots and reports skips', () => {
    const r = retrieveForTurn(input());
    const ids = [...r.memories, ...r.sourceChunks].map((i) => i.id);
    expect(ids).not.toContain('f-tea');
    expect(ids).not.toContain('s-old');
    expect(r.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ slot: 'memory', id: 'f-tea', why: 'duplicate' })]));
  });

  it("never returns another chat's memories", () => {
    const r = retrieveForTurn(input({ promptText: '' }));
    expect(JSON.stringify(r)).not.toContain('f-other');
  });

  it('honours budgets and excluded ids', () => {
    const budgets = { memories: 0, sourceChunks: 0, exemplars: 0 };
    const r = retrieveForTurn(input({ budgets, excludeIds: new Set(['f-sister']) }));
    expect([...r.memories, ...r.sourceChunks, ...r.exemplars]).toEqual([]);
    expect(r.skipped).toContainEqual(expect.objectContaining({ slot: 'source', id: 's-market', why: 'over-budget' }));
    expect(JSON.stringify(r.skipped)).not.toContain('f-sister');
  });

  it('lists the memories used so their access can be bumped', () => {
    const r = retrieveForTurn(input());
    expect(r.accessedIds.sort()).toEqual(['f-sister', 's-market', 'x-line']);
    const bumped = markAccessed(mem('f-sister', 'x'), NOW + 5);
    expect([bumped.lastAccessedAt, bumped.accessCount]).toEqual([NOW + 5, 1]);
  });
});
