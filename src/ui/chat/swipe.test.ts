import { describe, expect, it } from 'vitest';
import { classifySwipe, dragAxis, swipeStep, SWIPE_MAX_DURATION, SWIPE_MIN_DISTANCE, SWIPE_SLOP } from './swipe.ts';

describe('dragAxis', () => {
  it('waits within the slop, then calls a drag horizontal only when clearly so', () => {
    expect(dragAxis(SWIPE_SLOP - 1, 0)).toBe('undecided');
    expect(dragAxis(3, -4)).toBe('undecided');
    expect(dragAxis(-20, 4)).toBe('horizontal');
    expect(dragAxis(20, 10)).toBe('horizontal');
    // Diagonal or mostly vertical: scrolling, left to the browser.
    expect(dragAxis(20, 11)).toBe('vertical');
    expect(dragAxis(12, 12)).toBe('vertical');
    expect(dragAxis(0, 30)).toBe('vertical');
  });
});

describe('classifySwipe', () => {
  it('turns a long, quick, clearly horizontal drag into next (to the left) or previous (to the right)', () => {
    expect(classifySwipe({ dx: -120, dy: 8, ms: 200 })).toBe('next');
    expect(classifySwipe({ dx: 120, dy: -8, ms: 200 })).toBe('previous');
    expect(classifySwipe({ dx: -SWIPE_MIN_DISTANCE, dy: 0, ms: SWIPE_MAX_DURATION })).toBe('next');
  });

  it('ignores short, slow, vertical and diagonal drags and taps', () => {
    expect(classifySwipe({ dx: 0, dy: 0, ms: 90 })).toBeNull();
    expect(classifySwipe({ dx: -(SWIPE_MIN_DISTANCE - 1), dy: 0, ms: 200 })).toBeNull();
    expect(classifySwipe({ dx: -200, dy: 0, ms: SWIPE_MAX_DURATION + 1 })).toBeNull();
    expect(classifySwipe({ dx: 10, dy: -300, ms: 200 })).toBeNull();
    expect(classifySwipe({ dx: -100, dy: 60, ms: 200 })).toBeNull();
  });
});

describe('swipeStep', () => {
  it('steps through the alternatives and asks for a new one past the last, as the arrow button does', () => {
    expect(swipeStep('next', { index: 0, count: 3, canRegenerate: true })).toEqual({ kind: 'select', index: 1 });
    expect(swipeStep('previous', { index: 2, count: 3, canRegenerate: true })).toEqual({ kind: 'select', index: 1 });
    expect(swipeStep('next', { index: 2, count: 3, canRegenerate: true })).toEqual({ kind: 'regenerate' });
    expect(swipeStep('next', { index: 0, count: 1, canRegenerate: true })).toEqual({ kind: 'regenerate' });
  });

  it('does nothing before the first alternative, or past the last when no new one can be written', () => {
    expect(swipeStep('previous', { index: 0, count: 3, canRegenerate: true })).toBeNull();
    expect(swipeStep('next', { index: 2, count: 3, canRegenerate: false })).toBeNull();
  });
});
