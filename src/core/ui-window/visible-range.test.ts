import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bottomOf, layoutList } from './list-layout.ts';
import { nextWindow, spacersFor, windowFor, type WindowRequest } from './visible-range.ts';

const request = (scrollTop: number, more: Partial<WindowRequest> = {}): WindowRequest => ({
  scrollTop,
  viewportHeight: 100,
  overscan: 0,
  renderAllUpTo: 0,
  ...more,
});

describe('windowFor', () => {
  const layout = layoutList(100, () => 20, 0);

  it('renders the items the viewport intersects, plus the overscan on both sides', () => {
    expect(windowFor(layout, request(200))).toEqual({ start: 10, end: 16 });
    expect(windowFor(layout, request(200, { overscan: 40 }))).toEqual({ start: 8, end: 18 });
  });

  it('stays inside the list at both ends', () => {
    expect(windowFor(layout, request(0, { overscan: 500 }))).toEqual({ start: 0, end: 31 });
    expect(windowFor(layout, request(1900, { overscan: 500 }))).toEqual({ start: 70, end: 100 });
  });

  it('renders a short list whole', () => {
    expect(
      windowFor(
        layoutList(40, () => 20, 0),
        request(300, { renderAllUpTo: 60 }),
      ),
    ).toEqual({ start: 0, end: 40 });
    expect(
      windowFor(
        layoutList(0, () => 20, 0),
        request(0),
      ),
    ).toEqual({ start: 0, end: 0 });
  });

  it('always covers the whole viewport, whatever the heights', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 200 }),
        fc.nat(20_000),
        fc.integer({ min: 1, max: 900 }),
        (hs, top, vh) => {
          const l = layoutList(hs.length, (i) => hs[i] ?? 0, 8);
          const scrollTop = Math.min(top, Math.max(0, l.total - vh));
          const { start, end } = windowFor(l, request(scrollTop, { viewportHeight: vh }));
          if (start > 0) expect(bottomOf(l, start - 1)).toBeLessThanOrEqual(scrollTop);
          expect(bottomOf(l, end - 1) >= Math.min(l.total, scrollTop + vh)).toBe(true);
        },
      ),
    );
  });
});

describe('nextWindow', () => {
  const layout = layoutList(1000, () => 20, 0);
  const ask = (top: number) => request(top, { overscan: 200 });

  it('keeps the rendered range on a small scroll, so nothing re-renders', () => {
    const first = windowFor(layout, ask(5000));
    expect(nextWindow(first, layout, ask(5030))).toBe(first);
  });

  it('moves the range once the viewport nears its edge', () => {
    const first = windowFor(layout, ask(5000));
    expect(nextWindow(first, layout, ask(5200))).toEqual(windowFor(layout, ask(5200)));
    expect(nextWindow(first, layout, ask(100))).toEqual({ start: 0, end: 21 });
  });

  it('replaces a range that no longer fits the list', () => {
    expect(
      nextWindow(
        { start: 990, end: 1000 },
        layoutList(50, () => 20, 0),
        ask(0),
      ),
    ).toEqual({ start: 0, end: 16 });
    expect(nextWindow({ start: 0, end: 0 }, layout, ask(0))).toEqual({ start: 0, end: 16 });
  });
});

describe('spacersFor', () => {
  it('keeps the scroll height of the whole list: before + rendered + after = total', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 80 }),
        fc.nat(80),
        fc.nat(80),
        fc.integer({ min: 0, max: 10 }),
        (hs, a, b, gap) => {
          const l = layoutList(hs.length, (i) => hs[i] ?? 0, gap);
          const start = Math.min(a, hs.length - 1);
          const end = Math.min(hs.length, Math.max(start + 1, b));
          const { before, after } = spacersFor(l, { start, end });
          const rendered = bottomOf(l, end - 1) - (l.tops[start] ?? 0);
          expect(before + rendered + after).toBeCloseTo(l.total, 6);
        },
      ),
    );
  });

  it('puts everything above an empty range', () => {
    expect(
      spacersFor(
        layoutList(3, () => 10, 0),
        { start: 2, end: 2 },
      ),
    ).toEqual({ before: 30, after: 0 });
  });
});
