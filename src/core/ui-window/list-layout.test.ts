import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bottomOf, itemAt, layoutList } from './list-layout.ts';

describe('layoutList', () => {
  it('stacks items with gaps between neighbours and none after the last', () => {
    const layout = layoutList(3, (i) => [10, 20, 30][i] ?? 0, 5);
    expect([...layout.tops]).toEqual([0, 15, 40]);
    expect([...layout.heights]).toEqual([10, 20, 30]);
    expect(layout.total).toBe(70);
    expect(bottomOf(layout, 1)).toBe(35);
  });

  it('treats negative and non-finite heights as 0, and an empty list as 0 tall', () => {
    const layout = layoutList(3, (i) => [-4, Number.NaN, 12][i] ?? 0, 0);
    expect([...layout.heights]).toEqual([0, 0, 12]);
    expect(layout.total).toBe(12);
    expect(layoutList(0, () => 10, 8).total).toBe(0);
  });
});

describe('itemAt', () => {
  const layout = layoutList(4, () => 10, 2);

  it('finds the item under a height, and the next one inside a gap', () => {
    expect(itemAt(layout, 0)).toBe(0);
    expect(itemAt(layout, 9.5)).toBe(0);
    expect(itemAt(layout, 10)).toBe(1);
    expect(itemAt(layout, 11)).toBe(1);
    expect(itemAt(layout, 12)).toBe(1);
    expect(itemAt(layout, 22)).toBe(2);
  });

  it('clamps to the list and answers -1 when empty', () => {
    expect(itemAt(layout, -50)).toBe(0);
    expect(itemAt(layout, 1e6)).toBe(3);
    expect(
      itemAt(
        layoutList(0, () => 1, 0),
        5,
      ),
    ).toBe(-1);
  });

  it('agrees with a linear scan for any heights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -100, max: 9000 }),
        (hs, gap, y) => {
          const l = layoutList(hs.length, (i) => hs[i] ?? 0, gap);
          const linear = hs.findIndex((_, i) => bottomOf(l, i) > y);
          expect(itemAt(l, y)).toBe(linear < 0 ? hs.length - 1 : linear);
        },
      ),
    );
  });
});
