/**
 * Swipe gestures on a reply: a clearly horizontal drag of a finger or pen switches between the
 * reply's alternatives. The classifier is pure (numbers in, a decision out); the action
 * `swipe` feeds it pointer events. Vertical scrolling is never taken: the element gets
 * `touch-action: pan-y pinch-zoom` in CSS, so the browser keeps every vertical pan and zoom,
 * and a drag that starts out vertical is dropped for good.
 */

/** Where the finger went: `next` (moved to the left, as when turning a page), `previous` (to the right). */
export type SwipeDirection = 'next' | 'previous';

/** How far a finger may wander before the drag has a direction (px). */
export const SWIPE_SLOP = 10;
/** The shortest horizontal travel that counts as a swipe (px). */
export const SWIPE_MIN_DISTANCE = 56;
/** Horizontal travel must be at least this many times the vertical one. */
export const SWIPE_RATIO = 2;
/** A slower drag (ms) is reading or selecting, not a swipe. */
export const SWIPE_MAX_DURATION = 1000;

/** A drag so far: `undecided` within the slop, then `horizontal` or `vertical` (which it stays). */
export type DragAxis = 'undecided' | 'horizontal' | 'vertical';

/** The axis of a drag that moved (`dx`, `dy`) from its start; once past the slop, a drag is horizontal only when clearly so. */
export function dragAxis(dx: number, dy: number): DragAxis {
  if (Math.hypot(dx, dy) < SWIPE_SLOP) return 'undecided';
  return Math.abs(dx) >= SWIPE_RATIO * Math.abs(dy) ? 'horizontal' : 'vertical';
}

/** The swipe a finished drag makes, or null when it was too short, too slow or not clearly horizontal. */
export function classifySwipe(drag: { dx: number; dy: number; ms: number }): SwipeDirection | null {
  const { dx, dy, ms } = drag;
  if (ms > SWIPE_MAX_DURATION) return null;
  if (Math.abs(dx) < SWIPE_MIN_DISTANCE || Math.abs(dx) < SWIPE_RATIO * Math.abs(dy)) return null;
  return dx < 0 ? 'next' : 'previous';
}

/** What the `swipe` action calls: the direction and the element the finger first touched. */
export type SwipeHandler = (direction: SwipeDirection, target: Element) => void;

/**
 * Svelte action: reports each horizontal swipe of a finger or pen on `node` (a mouse drag
 * selects text, so it never swipes). Drags that start in a text field or turn vertical are left alone.
 */
export function swipe(node: HTMLElement, onswipe: SwipeHandler): { update(handler: SwipeHandler): void; destroy(): void } {
  let handler = onswipe;
  let drag: { id: number; x: number; y: number; t: number; target: Element; axis: DragAxis } | null = null;

  const down = (event: PointerEvent) => {
    if (event.pointerType === 'mouse' || !event.isPrimary || !(event.target instanceof Element)) return;
    if (event.target.closest('input, textarea, select, [contenteditable="true"]')) return;
    drag = { id: event.pointerId, x: event.clientX, y: event.clientY, t: event.timeStamp, target: event.target, axis: 'undecided' };
  };
  const move = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.id || drag.axis !== 'undecided') return;
    drag.axis = dragAxis(event.clientX - drag.x, event.clientY - drag.y);
    if (drag.axis === 'vertical') drag = null;
  };
  const up = (event: PointerEvent) => {
    if (!drag || event.pointerId !== drag.id) return;
    const { x, y, t, target } = drag;
    drag = null;
    const direction = classifySwipe({ dx: event.clientX - x, dy: event.clientY - y, ms: event.timeStamp - t });
    if (direction) handler(direction, target);
  };
  const cancel = () => {
    drag = null;
  };
  node.addEventListener('pointerdown', down);
  node.addEventListener('pointermove', move);
  node.addEventListener('pointerup', up);
  node.addEventListener('pointercancel', cancel);
  return {
    update(next) {
      handler = next;
    },
    destroy() {
      node.removeEventListener('pointerdown', down);
      node.removeEventListener('pointermove', move);
      node.removeEventListener('pointerup', up);
      node.removeEventListener('pointercancel', cancel);
    },
  };
}

/** What a swipe on the newest reply does: its alternatives and whether another can be asked for. */
export interface SwipeTarget {
  /** The alternative shown (0-based) and how many there are (1 for a reply without swipes). */
  index: number;
  count: number;
  /** Another reply can be written now (the → button past the last alternative, "Regenerate"). */
  canRegenerate: boolean;
}

/** The step a swipe takes: show alternative `index`, write a new one, or nothing (at the first, or nothing to ask). */
export function swipeStep(direction: SwipeDirection, at: SwipeTarget): { kind: 'select'; index: number } | { kind: 'regenerate' } | null {
  if (direction === 'previous') return at.index > 0 ? { kind: 'select', index: at.index - 1 } : null;
  if (at.index < at.count - 1) return { kind: 'select', index: at.index + 1 };
  return at.canRegenerate ? { kind: 'regenerate' } : null;
}
