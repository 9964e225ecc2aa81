import { describe, expect, it } from 'vitest';
import { combineOrders, combineSamples, majorityVerdict, unswap } from './pairwise-outcome.ts';

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

describe('k verdicts per order', () => {
  it('takes the majority of an order’s readable samples; no majority is a tie', () => {
    expect(majorityVerdict(['A', 'A', 'B'])).toBe('A');
    expect(majorityVerdict(['A', null, null])).toBe('A');
    expect(majorityVerdict(['A', 'B'])).toBe('tie');
    expect(majorityVerdict(['A', 'tie'])).toBe('tie');
    expect(majorityVerdict(['tie', 'tie', 'B'])).toBe('tie');
    expect(majorityVerdict([null, null])).toBeNull();
  });

  it('"both orders agree": majority per order, then a win only when both orders pick the side', () => {
    // a shown first: A, A, B → a; b shown first: B, B, A → a.
    expect(combineSamples(['A', 'A', 'B'], ['B', 'B', 'A'], 'agree')).toEqual({ outcome: 'a', preference: 4 / 6 });
    // Position bias: A in every sample of both orders.
    expect(combineSamples(['A', 'A'], ['A', 'A'], 'agree')).toEqual({ outcome: 'inconsistent', preference: 0.5 });
    expect(combineSamples(['A', 'A'], ['tie', 'tie'], 'agree')).toEqual({ outcome: 'tie', preference: 0.75 });
  });

  it('"average of both positions": 1 / ½ / 0 for a over every sample of both orders; above ½ a win, ½ a tie', () => {
    expect(combineSamples(['A', 'A'], ['tie', 'tie'], 'average')).toEqual({ outcome: 'a', preference: 0.75 });
    expect(combineSamples(['A', 'A'], ['A', 'A'], 'average')).toEqual({ outcome: 'tie', preference: 0.5 });
    expect(combineSamples(['B', 'tie'], ['A', 'tie'], 'average')).toEqual({ outcome: 'b', preference: 0.25 });
    // Where the rules differ: a split order is a tie by majority, but counts towards the average.
    expect(combineSamples(['A', 'B'], ['B', 'tie'], 'agree').outcome).toBe('tie');
    expect(combineSamples(['A', 'B'], ['B', 'tie'], 'average').outcome).toBe('a');
    expect(combineSamples(['A', 'B', 'B'], ['B', 'B', 'A'], 'average')).toEqual({ outcome: 'tie', preference: 0.5 });
  });

  it('is unparseable when an order has no readable sample, whatever the rule', () => {
    expect(combineSamples([null, null], ['B', 'B'], 'average')).toEqual({ outcome: 'unparseable', preference: null });
    expect(combineSamples(['A'], [null], 'agree')).toEqual({ outcome: 'unparseable', preference: null });
  });
});
