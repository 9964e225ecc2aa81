import { describe, expect, it } from 'vitest';
import { KEYBOARD_MIN_INSET, keyboardInset } from './keyboard-inset.ts';

describe('keyboardInset', () => {
  it('is the part of the page under the on-screen keyboard, the visual viewport scrolled or not', () => {
    expect(keyboardInset({ layoutHeight: 844, visualHeight: 508, offsetTop: 0, scale: 1 })).toBe(336);
    // Safari scrolls the visual viewport up to the focused field: what lies below it is still covered.
    expect(keyboardInset({ layoutHeight: 844, visualHeight: 508, offsetTop: 120, scale: 1 })).toBe(216);
    expect(keyboardInset({ layoutHeight: 740, visualHeight: 439.6, offsetTop: 0, scale: 1 })).toBe(300);
  });

  it('is 0 without a keyboard, for a browser bar sliding, or where the page was resized for the keyboard', () => {
    expect(keyboardInset({ layoutHeight: 844, visualHeight: 844, offsetTop: 0, scale: 1 })).toBe(0);
    expect(keyboardInset({ layoutHeight: 844, visualHeight: 844 - (KEYBOARD_MIN_INSET - 1), offsetTop: 0, scale: 1 })).toBe(0);
    // interactive-widget=resizes-content: the layout viewport shrank with the visual one.
    expect(keyboardInset({ layoutHeight: 508, visualHeight: 508, offsetTop: 0, scale: 1 })).toBe(0);
  });

  it('is 0 while the page is pinch-zoomed (a smaller visual viewport is the zoom, not a keyboard)', () => {
    expect(keyboardInset({ layoutHeight: 844, visualHeight: 422, offsetTop: 200, scale: 2 })).toBe(0);
  });
});
