import { describe, expect, it } from 'vitest';
import { ExemplarPool, type ExemplarCandidate } from './exemplars.ts';
import { TextDedup } from './text-dedup.ts';

const counter = { id: 'chars', count: (s: string) => s.length };

describe('ExemplarPool.select', () => {
  const lines: ExemplarCandidate[] = [
    { id: 'tea', text: 'H: "Tea is for dull cases."', origin: 'card' },
    { id: 'violin', text: 'H: "Hand me my violin."', origin: 'card' },
    { id: 'rain', text: 'H: "This rain will wash away the footprints."', origin: 'card' },
  ];

  it('picks lines by BM25 when there are no vectors', () => {
    const picked = new ExemplarPool(lines).select({ text: 'Why do you play the violin?', k: 1, budget: 1000, tokenCounter: counter });
    expect(picked.chosen.map((c) => c.item.candidate.id)).toEqual(['violin']);
    expect(picked.chosen[0]!.item.method).toBe('bm25');
  });

  it('uses cosine when vectors exist', () => {
    const withVectors = lines.map((l, i) => ({ ...l, vector: Float32Array.from([i === 2 ? 1 : 0, i === 2 ? 0 : 1]) }));
    const picked = new ExemplarPool(withVectors).select({ text: 'violin', vector: Float32Array.from([1, 0]), k: 1, budget: 1000, tokenCounter: counter });
    expect(picked.chosen[0]!.item).toMatchObject({ method: 'cosine', score: 1, candidate: { id: 'rain' } });
  });

  it('fills up to the token budget and skips lines already in the prompt', () => {
    const picked = new ExemplarPool(lines).select({
      text: 'tea violin rain',
      k: 3,
      budget: 50,
      tokenCounter: counter,
      dedup: new TextDedup('H: "Hand me my violin."'),
    });
    expect(picked.chosen.map((c) => c.item.candidate.id)).toEqual(['tea']);
    expect(picked.skipped.map((s) => [s.item.candidate.id, s.why])).toEqual([
      ['violin', 'duplicate'],
      ['rain', 'over-budget'],
    ]);
  });

  it('falls back to the original order when nothing matches', () => {
    const picked = new ExemplarPool(lines).select({ text: 'zebra', k: 2, budget: 1000, tokenCounter: counter });
    expect(picked.chosen.map((c) => [c.item.candidate.id, c.item.method])).toEqual([
      ['tea', 'none'],
      ['violin', 'none'],
    ]);
  });
});
