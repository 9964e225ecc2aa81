import { describe, expect, it } from 'vitest';
import { sumTokens, tokenCount } from './token-count.ts';

describe('TokenCount', () => {
  it('brands whole non-negative numbers and sums them', () => {
    expect(sumTokens([tokenCount(2), tokenCount(3)])).toBe(5);
    expect(sumTokens([])).toBe(0);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => tokenCount(-1)).toThrow(RangeError);
    expect(() => tokenCount(1.5)).toThrow(RangeError);
  });
});
