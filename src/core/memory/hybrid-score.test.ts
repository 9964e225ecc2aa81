import { describe, expect, it } from 'vitest';
import { DEFAULT_HYBRID_WEIGHTS, effectiveWeights, hybridScore, importanceScore, minMaxNormalise, recencyScore } from './hybrid-score.ts';

const DAY = 86_400_000;

describe('hybrid score parts', () => {
  it('halves recency after one half-life and strengthens recalled memories', () => {
    const options = { halfLifeMs: DAY, strengthPerAccess: 1 };
    expect(recencyScore(0, 0, 0, options)).toBe(1);
    expect(recencyScore(0, 0, DAY, options)).toBeCloseTo(0.5, 6);
    expect(recencyScore(0, 1, DAY, options)).toBeCloseTo(Math.SQRT1_2, 6);
    expect(recencyScore(0, 3, 10 * DAY, options)).toBeGreaterThan(recencyScore(0, 0, 10 * DAY, options));
    expect(recencyScore(DAY * 2, 0, DAY, options)).toBe(1);
  });

  it('maps importance 1..10 to 0..1 and clamps', () => {
    expect(importanceScore(1)).toBe(0);
    expect(importanceScore(10)).toBe(1);
    expect(importanceScore(42)).toBe(1);
    expect(importanceScore(Number.NaN)).toBe(0);
  });

  it('min-max normalises, with equal values mapping to 1 or 0', () => {
    expect(minMaxNormalise([2, 4, 3])).toEqual([0, 1, 0.5]);
    expect(minMaxNormalise([3, 3])).toEqual([1, 1]);
    expect(minMaxNormalise([0, 0])).toEqual([0, 0]);
  });

  it('moves the relevance weight to the signal in use', () => {
    expect(effectiveWeights(DEFAULT_HYBRID_WEIGHTS, true, false)).toMatchObject({ lexical: 3, dense: 0 });
    expect(effectiveWeights(DEFAULT_HYBRID_WEIGHTS, false, true)).toMatchObject({ lexical: 0, dense: 3 });
    expect(effectiveWeights(DEFAULT_HYBRID_WEIGHTS, true, true)).toMatchObject({ lexical: 1, dense: 2 });
  });

  it('adds the pinned boost', () => {
    const parts = { bm25: 0, lexical: 0, dense: 0, recency: 0, importance: 0, pinned: true };
    expect(hybridScore(parts, DEFAULT_HYBRID_WEIGHTS)).toBe(DEFAULT_HYBRID_WEIGHTS.pinned);
  });
});
