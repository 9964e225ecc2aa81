import { describe, expect, it } from 'vitest';
import type { MessageRole } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { cachedCounter, planBudget, type PromptTokens } from './budget.ts';

function tokens(parts: { system?: number; summaries?: number; retrieved?: number; overhead?: number }, turns: number[]): PromptTokens {
  const t = [...turns];
  const p = { system: 0, summaries: 0, retrieved: 0, overhead: 0, ...parts };
  return {
    system: p.system,
    lore: 0,
    authorsNote: 0,
    summaries: p.summaries,
    retrieved: p.retrieved,
    overhead: p.overhead,
    turns: t,
    total: p.system + p.summaries + p.retrieved + p.overhead + t.reduce((a, b) => a + b, 0),
  };
}

/** Alternating roles starting with the user, ending with the user's new line. */
function roles(n: number): MessageRole[] {
  return Array.from({ length: n }, (_, i) => ((n - 1 - i) % 2 === 0 ? 'user' : 'assistant'));
}

const small = { contextWindow: 1000, replyReserve: 100, safetyMargin: 0 };

describe('planBudget', () => {
  it('fits when everything is within window − reserve − margin', () => {
    const plan = planBudget({ ...small, tokens: tokens({ system: 250, overhead: 20 }, [100, 100, 100]), roles: roles(3) });
    expect(plan).toMatchObject({ budget: 900, used: 570, fits: true, overflowTokens: 0, overflowTurns: 0, summarize: null, warnings: [] });
    expect(plan.caps.turns).toBe(630);
  });

  it('uses the defaults: 4096 window, 256 reserve, 16 margin', () => {
    expect(planBudget({ tokens: tokens({}, [1]), roles: ['user'] }).budget).toBe(4096 - 256 - 16);
  });

  it('on overflow reports the oldest turns to leave out and asks to summarize a large block ending before a user line', () => {
    const turns = [100, 100, 100, 100, 100, 100, 100, 50];
    const plan = planBudget({ ...small, keepRecent: 3, lowWater: 0.2, tokens: tokens({ system: 200 }, turns), roles: roles(8) });
    expect(plan.fits).toBe(false);
    expect(plan.overflowTokens).toBe(950 - 900);
    expect(plan.overflowTurns).toBe(1);
    expect(plan.summarize).toEqual({ turns: 5, tokens: 500 });
    expect(roles(8)[5]).toBe('user');
  });

  it('never summarizes or drops the last keepRecent turns', () => {
    const turns = [50, 400, 400, 400];
    const plan = planBudget({ ...small, keepRecent: 3, tokens: tokens({ system: 100 }, turns), roles: roles(4) });
    expect(plan.overflowTurns).toBe(1);
    expect(plan.summarize?.turns).toBe(1);
    expect(plan.warnings).toContain('recent-turns-too-large');
  });

  it('flags summaries over their share and parts over their caps', () => {
    const plan = planBudget({ ...small, tokens: tokens({ system: 400, summaries: 200, retrieved: 200 }, [10]), roles: ['user'] });
    expect(plan.caps).toMatchObject({ system: 270, retrieved: 180, summaries: 135 });
    expect(plan.summariesOverflow).toBe(true);
    expect(plan.warnings).toEqual(['system-over-share', 'retrieved-over-share']);
  });

  it('honours custom shares', () => {
    const plan = planBudget({ ...small, shares: { retrieved: 0.5 }, tokens: tokens({ retrieved: 200 }, [10]), roles: ['user'] });
    expect(plan.caps.retrieved).toBe(450);
    expect(plan.warnings).toEqual([]);
  });
});
describe('cachedCounter', () => {
  it('counts each distinct text once and returns the same counts', () => {
    const inner = countingCounter();
    const c = cachedCounter(inner);
    expect([c.count('a b'), c.count('a b'), c.count('c')]).toEqual([2, 2, 1]);
    expect(inner.calls).toEqual(['a b', 'c']);
    expect(c.id).toBe('words');
  });

  it('evicts the least recently used entry beyond its size', () => {
    const inner = countingCounter();
    const c = cachedCounter(inner, 2);
    c.count('a');
    c.count('b');
    c.count('a');
    c.count('c');
    c.count('a');
    c.count('b');
    expect(inner.calls).toEqual(['a', 'b', 'c', 'b']);
  });
});

function countingCounter(): TokenCounter & { calls: string[] } {
  const calls: string[] = [];
  return { id: 'words', calls, count: (t) => (calls.push(t), t.split(/\s+/).filter(Boolean).length) };
}
