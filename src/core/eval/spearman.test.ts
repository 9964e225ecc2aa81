import { describe, expect, it } from 'vitest';
import { averageRanks, spearman } from './spearman.ts';

describe('averageRanks', () => {
  it('ranks from 1 and gives ties the average of their ranks', () => {
    expect(averageRanks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
    expect(averageRanks([5, 5, 5])).toEqual([2, 2, 2]);
    expect(averageRanks([])).toEqual([]);
  });
});

describe('spearman', () => {
  it('is 1 for the same order and -1 for the reverse order', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1);
  });

  it('matches the textbook value without ties', () => {
    // Σd² = 4 → 1 − 6·4 / (6·35) = 0.857…
    expect(spearman([1, 2, 3, 4, 5, 6], [1, 3, 2, 4, 6, 5])).toBeCloseTo(1 - 24 / 210, 10);
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 10);
  });

  it('handles ties by average ranks (Pearson on ranks)', () => {
    // ranks x: [1, 2.5, 2.5, 4], y: [1, 2, 3, 4] → r = 4.5 / sqrt(4.5 · 5)
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 10);
    // The value scipy.stats.spearmanr gives.
    expect(spearman([4, 4, 5, 2, 1], [5, 3, 4, 2, 1])).toBeCloseTo(0.8207826816681233, 10);
  });

  it('is null when undefined', () => {
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([1, 2], [1])).toBeNull();
    expect(spearman([3, 3, 3], [1, 2, 3])).toBeNull();
    expect(spearman([1, Number.NaN, 3], [1, 2, 3])).toBeNull();
  });
});
