import { itemAt, type ListLayout } from './list-layout.ts';

/** What the reader is looking at: the item at the viewport's top edge, and where its top edge was. */
export interface ScrollAnchor {
  readonly index: number;
  /** The item's top edge in the layout the scroll offset was taken in. */
  readonly top: number;
}

/** The anchor at scroll offset `scrollTop`; null for an empty list. */
export function anchorAt(layout: ListLayout, scrollTop: number): ScrollAnchor | null {
  const index = itemAt(layout, scrollTop);
  if (index < 0) return null;
  return { index, top: layout.tops[index] ?? 0 };
}

/**
 * How far the anchor item moved in `layout` (its index taken there) since the anchor was
 * taken: the scroll offset must move as much for the text being read not to jump when items
 * above it get measured or inserted. A shift rather than a target keeps any scrolling done
 * since the anchor was taken.
 */
export function anchorShift(layout: ListLayout, anchor: ScrollAnchor): number {
  const top = layout.tops[anchor.index];
  return top === undefined ? 0 : top - anchor.top;
}

/** Scroll offset of the viewport when it shows the end of the list. */
export function bottomScrollTop(layout: ListLayout, viewportHeight: number): number {
  return Math.max(0, layout.total - viewportHeight);
}

/** True when the viewport shows the end of its content, give or take `tolerance` pixels. */
export function isAtBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, tolerance = 8): boolean {
  return scrollHeight - (scrollTop + viewportHeight) <= tolerance;
}
