import { describe, expect, it } from 'vitest';
import { estimateTextHeight } from './estimate-height.ts';
import { layoutList } from './list-layout.ts';
import { anchorAt, anchorShift, bottomScrollTop, isAtBottom } from './scroll-anchor.ts';

describe('scroll anchoring', () => {
  it('moves the view by as much as items above the one being read grew when measured', () => {
    const estimated = layoutList(10, () => 50, 10);
    const anchor = anchorAt(estimated, 370);
    expect(anchor).toEqual({ index: 6, top: 360 });
    const measured = layoutList(10, (i) => (i < 3 ? 120 : 50), 10);
    expect(anchorShift(measured, anchor!)).toBe(3 * 70);
  });

  it('follows the anchor to its new index when an item is inserted above it', () => {
    const anchor = anchorAt(
      layoutList(5, () => 40, 0),
      130,
    )!;
    const after = layoutList(6, (i) => (i === 1 ? 25 : 40), 0);
    expect(anchorShift(after, { ...anchor, index: anchor.index + 1 })).toBe(25);
  });

  it('does not move for changes below the anchor, nor for an anchor gone from the list', () => {
    const anchor = anchorAt(
      layoutList(5, () => 40, 0),
      50,
    )!;
    expect(
      anchorShift(
        layoutList(5, (i) => (i > 1 ? 300 : 40), 0),
        anchor,
      ),
    ).toBe(0);
    expect(
      anchorShift(
        layoutList(1, () => 40, 0),
        anchor,
      ),
    ).toBe(0);
    expect(
      anchorAt(
        layoutList(0, () => 1, 0),
        10,
      ),
    ).toBeNull();
  });
});

describe('bottom of the list', () => {
  it('finds the offset that shows the end, and tells when the viewport is there', () => {
    const layout = layoutList(10, () => 100, 0);
    expect(bottomScrollTop(layout, 300)).toBe(700);
    expect(bottomScrollTop(layout, 5000)).toBe(0);
    expect(isAtBottom(700, 300, 1000)).toBe(true);
    expect(isAtBottom(693, 300, 1000)).toBe(true);
    expect(isAtBottom(650, 300, 1000)).toBe(false);
  });
});

describe('estimateTextHeight', () => {
  const metrics = { widthRatio: 0.9, horizontalInset: 20, charWidth: 8, lineHeight: 24, paragraphGap: 8, chrome: 60 };
  const chars = (n: number) => 'x'.repeat(n);

  it('grows one line at a time with the text, and shrinks the lines with a wider container', () => {
    expect(estimateTextHeight('', 500, metrics)).toBe(84);
    expect(estimateTextHeight(chars(53), 500, metrics)).toBe(84);
    expect(estimateTextHeight(chars(54), 500, metrics)).toBe(108);
    expect(estimateTextHeight(chars(1000), 1000, metrics)).toBeLessThan(estimateTextHeight(chars(1000), 400, metrics));
  });

  it('wraps each source line on its own and adds a gap per blank line', () => {
    expect(estimateTextHeight(`${chars(60)}\n\n- ${chars(10)}\n- ${chars(10)}`, 500, metrics)).toBe(60 + 4 * 24 + 8);
    expect(estimateTextHeight('one\ntwo\n', 500, metrics)).toBe(60 + 2 * 24);
  });

  it('keeps a sane width in a zero-width (not yet laid out) container', () => {
    expect(estimateTextHeight(chars(64), 0, metrics)).toBe(60 + 8 * 24);
  });
});
