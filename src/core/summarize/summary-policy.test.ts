import { describe, expect, it } from 'vitest';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message, MessageStatus } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { planSummarization, type SummaryPolicyOptions } from './summary-policy.ts';

/** Test tokenizer: one token per word. */
const words: TokenCounter = { id: 'words', count: (t) => t.split(/\s+/).filter(Boolean).length };

function text(tokens: number): string {
  return Array.from({ length: tokens }, () => 'w').join(' ');
}

/** Turns at the given seqs, user on even seqs, each `tokens` words long. */
function turns(seqs: number[], tokens = 100, status: MessageStatus = 'complete'): Message[] {
  return seqs.map((seq) => ({
    id: `m${seq}` as MessageId,
    chatId: 'c' as ChatId,
    seq,
    role: seq % 2 === 0 ? 'user' : 'assistant',
    text: text(tokens),
    status,
    createdAt: seq,
    updatedAt: seq,
  }));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

function summary(fromSeq: number, toSeq: number, level: number, tokens = 100): Memory {
  return {
    id: `s${fromSeq}-${toSeq}-${level}` as MemoryId,
    personaId: 'p' as PersonaId,
    chatId: 'c' as ChatId,
    kind: 'summary',
    text: text(tokens),
    importance: 5,
    pinned: false,
    createdAt: 1,
    updatedAt: 1,
    lastAccessedAt: 1,
    accessCount: 0,
    range: { fromSeq, toSeq },
    level,
  };
}

const exact: Partial<SummaryPolicyOptions> = { overheadTokens: 0 };

describe('planSummarization: blocks of turns', () => {
  it('does nothing while everything fits', () => {
    const plan = planSummarization({ messages: turns(range(0, 9)), summaries: [], counter: words, budgetTokens: 1000, options: exact });
    expect(plan).toMatchObject({ kind: 'none', reason: 'fits', usedTokens: 1000, budgetTokens: 1000 });
  });

  it('summarizes the oldest block, large enough to reach the target, ending on a reply', () => {
    const plan = planSummarization({
      messages: turns(range(0, 19)),
      summaries: [],
      counter: words,
      budgetTokens: 1500,
      options: { ...exact, targetFraction: 0.6 },
    });
    // used 2000; target 900 = 2000 - block + 200  →  block ≥ 1300 (13 turns, ends on user seq 12) → +1 reply
    expect(plan.kind).toBe('turns');
    if (plan.kind !== 'turns') return;
    expect(plan.range).toEqual({ fromSeq: 0, toSeq: 13 });
    expect(plan.messages.map((m) => m.seq)).toEqual(range(0, 13));
    expect(plan.inputTokens).toBe(1400);
    expect(plan.level).toBe(0);
  });

  it('never touches the last N turns', () => {
    const messages = turns(range(0, 5));
    const small = planSummarization({ messages, summaries: [], counter: words, budgetTokens: 100, options: exact });
    expect(small.kind === 'turns' && small.range).toEqual({ fromSeq: 0, toSeq: 1 });
    const six = planSummarization({ messages, summaries: [], counter: words, budgetTokens: 100, options: { ...exact, keepLastTurns: 6 } });
    expect(six).toMatchObject({ kind: 'none', reason: 'only-recent-turns' });
  });

  it('keeps a block within maxInputTokens', () => {
    const plan = planSummarization({
      messages: turns(range(0, 19)),
      summaries: [],
      counter: words,
      budgetTokens: 1500,
      options: { ...exact, maxInputTokens: 500 },
    });
    expect(plan.kind === 'turns' && plan.range).toEqual({ fromSeq: 0, toSeq: 4 });
    expect(plan.kind === 'turns' && plan.inputTokens).toBe(500);
  });

  it('starts after turns already covered by summaries, and handles seq gaps', () => {
    const seqs = range(0, 29).map((i) => i * 3);
    const messages = turns(seqs);
    const covered = summary(0, 39, 0, 50);
    const plan = planSummarization({ messages, summaries: [covered], counter: words, budgetTokens: 1500, options: exact });
    expect(plan.kind).toBe('turns');
    if (plan.kind !== 'turns') return;
    expect(plan.usedTokens).toBe(50 + 16 * 100);
    expect(plan.range.fromSeq).toBe(42);
    expect(plan.messages.every((m) => m.seq > 39)).toBe(true);
  });

  it('ignores a reply still streaming and failed replies without text', () => {
    const messages = [...turns(range(0, 9)), ...turns([10], 500, 'streaming'), ...turns([11], 0, 'error')];
    const plan = planSummarization({ messages, summaries: [], counter: words, budgetTokens: 1000, options: exact });
    expect(plan).toMatchObject({ kind: 'none', reason: 'fits', usedTokens: 1000 });
  });

  it('uses the caller’s exact per-turn measure when given', () => {
    const plan = planSummarization({
      messages: turns(range(0, 9)),
      summaries: [],
      counter: words,
      budgetTokens: 1000,
      measureTurn: (m) => words.count(m.text) + 10,
      options: exact,
    });
    expect(plan.usedTokens).toBe(1100);
    expect(plan.kind).toBe('turns');
  });
});

describe('planSummarization: summaries of summaries', () => {
  it('merges the oldest summaries one level up when they overflow their share', () => {
    const summaries = [0, 10, 20, 30, 40].map((from) => summary(from, from + 9, 0));
    const plan = planSummarization({ messages: turns(range(0, 55)), summaries, counter: words, budgetTokens: 1000, options: exact });
    expect(plan.kind).toBe('merge');
    if (plan.kind !== 'merge') return;
    expect(plan.level).toBe(1);
    expect(plan.range).toEqual({ fromSeq: 0, toSeq: 49 });
    expect(plan.summaries).toHaveLength(5);
  });

  it('merges only as many as fit in one request (at least two)', () => {
    const summaries = [0, 10, 20, 30, 40].map((from) => summary(from, from + 9, 0));
    const plan = planSummarization({
      messages: turns(range(0, 55)),
      summaries,
      counter: words,
      budgetTokens: 1000,
      options: { ...exact, maxInputTokens: 250 },
    });
    expect(plan.kind === 'merge' && plan.range).toEqual({ fromSeq: 0, toSeq: 19 });
  });

  it('merges the lowest level that has two summaries, else the oldest ones of any level', () => {
    const mixed = [summary(0, 49, 1, 200), summary(50, 59, 0, 200), summary(60, 69, 0, 200)];
    const a = planSummarization({ messages: turns(range(0, 75)), summaries: mixed, counter: words, budgetTokens: 1000, options: exact });
    expect(a.kind === 'merge' && [a.level, a.range.fromSeq, a.range.toSeq]).toEqual([1, 50, 69]);

    const ladder = [summary(0, 99, 2, 200), summary(100, 149, 1, 200), summary(150, 159, 0, 200)];
    const b = planSummarization({ messages: turns(range(0, 165)), summaries: ladder, counter: words, budgetTokens: 1000, options: exact });
    expect(b.kind === 'merge' && [b.level, b.range.fromSeq, b.range.toSeq]).toEqual([3, 0, 159]);
    const twoFit = planSummarization({
      messages: turns(range(0, 165)),
      summaries: ladder,
      counter: words,
      budgetTokens: 1000,
      options: { ...exact, maxInputTokens: 450 },
    });
    expect(twoFit.kind === 'merge' && [twoFit.level, twoFit.range.fromSeq, twoFit.range.toSeq]).toEqual([3, 0, 149]);
  });

  it('never merges across uncovered turns (that would hide them); summarizes the gap instead', () => {
    const summaries = [summary(0, 9, 0, 200), summary(20, 29, 0, 200)];
    const plan = planSummarization({ messages: turns(range(0, 35)), summaries, counter: words, budgetTokens: 1000, options: exact });
    expect(plan.kind).toBe('turns');
    expect(plan.kind === 'turns' && plan.range).toEqual({ fromSeq: 10, toSeq: 19 });
  });

  it('ignores lower summaries already covered by a merge', () => {
    const summaries = [summary(0, 9, 0, 300), summary(10, 19, 0, 300), summary(0, 19, 1, 100)];
    const plan = planSummarization({ messages: turns(range(0, 25), 10), summaries, counter: words, budgetTokens: 1000, options: exact });
    expect(plan).toMatchObject({ kind: 'none', reason: 'fits', usedTokens: 100 + 6 * 10 });
  });
});
