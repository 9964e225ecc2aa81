import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.ts';

describe('TopK', () => {
  it('keeps exactly the k best scores (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 })), fc.integer({ min: 0, max: 20 }), (scores, k) => {
        const top = new TopK(k);
        scores.forEach((s, i) => top.push(i, s));
        const expected = [...scores].sort((a, b) => b - a).slice(0, k);
        expect(top.sorted().map((e) => e.score)).toEqual(expected);
      }),
    );
  });

  it('reports the admission threshold once full', () => {
    const top = new TopK(2);
    expect(top.threshold).toBe(-Infinity);
    top.push(1, 5);
    top.push(2, 3);
    top.push(3, 4);
    expect(top.threshold).toBe(4);
    expect(top.sorted()).toEqual([
      { key: 1, score: 5 },
      { key: 3, score: 4 },
    ]);
  });
});
