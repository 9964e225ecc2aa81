/**
 * Keeps the composer above a phone's on-screen keyboard. Where the browser resizes the page for
 * the keyboard (`interactive-widget=resizes-content` in index.html: Chrome on Android) `100dvh`
 * already shrinks and the inset here is 0; where it only shrinks the visual viewport (Safari on
 * iOS), the part of the page under the keyboard is measured with `visualViewport` and set as
 * `--keyboard-inset` on the chat, which takes it off its height.
 */

/** What the inset is computed from: the layout viewport's height and the visual viewport's box and zoom. */
export interface ViewportBox {
  /** `innerHeight`: the layout viewport. */
  layoutHeight: number;
  /** `visualViewport.height`, `offsetTop` and `scale`. */
  visualHeight: number;
  offsetTop: number;
  scale: number;
}

/** Below this (px) a difference is a browser bar sliding, not a keyboard. */
export const KEYBOARD_MIN_INSET = 80;

/**
 * How much of the layout viewport's bottom the keyboard covers (px, whole), or 0: none, a
 * browser bar's few pixels, or a pinch zoom (the visual viewport is smaller because of the zoom).
 */
export function keyboardInset(box: ViewportBox): number {
  if (Math.abs(box.scale - 1) > 0.01) return 0;
  const covered = Math.round(box.layoutHeight - box.visualHeight - box.offsetTop);
  return covered >= KEYBOARD_MIN_INSET ? covered : 0;
}

/** Svelte action: keeps `--keyboard-inset` on `node` up to date while it is on screen (nothing where `visualViewport` is missing). */
export function followKeyboard(node: HTMLElement): { destroy(): void } {
  const viewport = globalThis.visualViewport;
  if (!viewport) return { destroy() {} };
  const update = () => {
    const inset = keyboardInset({
      layoutHeight: globalThis.innerHeight,
      visualHeight: viewport.height,
      offsetTop: viewport.offsetTop,
      scale: viewport.scale,
    });
    node.style.setProperty('--keyboard-inset', `${inset}px`);
  };
  update();
  viewport.addEventListener('resize', update);
  viewport.addEventListener('scroll', update);
  return {
    destroy() {
      viewport.removeEventListener('resize', update);
      viewport.removeEventListener('scroll', update);
      node.style.removeProperty('--keyboard-inset');
    },
  };
}
