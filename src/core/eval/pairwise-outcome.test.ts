import { describe, expect, it } from 'vitest';
import { combineOrders, unswap } from './pairwise-outcome.ts';

describe('position-swap logic', () => {
  it('un-swaps a verdict given which configuration was shown as A', () => {
    expect(unswap('A', 'a')).toBe('a');
    expect(unswap('B', 'a')).toBe('b');
    expect(unswap('A', 'b')).toBe('b');
    expect(unswap('B', 'b')).toBe('a');
    expect(unswap('tie', 'b')).toBe('tie');
  });

  it('gives a win only when both orders agree after un-swapping', () => {
    expect(combineOrders('A', 'B')).toBe('a');
    expect(combineOrders('B', 'A')).toBe('b');
    expect(combineOrders('tie', 'tie')).toBe('tie');
  });

  it('never turns position bias into a win', () => {
    expect(combineOrders('A', 'A')).toBe('inconsistent');
    expect(combineOrders('B', 'B')).toBe('inconsistent');
  });

  it('treats a win in one order and a tie in the other as a tie', () => {
    expect(combineOrders('A', 'tie')).toBe('tie');
    expect(combineOrders('tie', 'A')).toBe('tie');
  });

  it('records an unreadable verdict in either order as unparseable', () => {
    expect(combineOrders(null, 'B')).toBe('unparseable');
    expect(combineOrders('A', null)).toBe('unparseable');
  });
});
