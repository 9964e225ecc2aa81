import { bottomOf, itemAt, type ListLayout } from './list-layout.ts';

/** The items to render: indexes `start` (included) to `end` (excluded). */
export interface ItemRange {
  readonly start: number;
  readonly end: number;
}

/** Where the viewport is and how much to render around it. */
export interface WindowRequest {
  /** Scroll offset of the viewport's top edge, from the top of the list. */
  scrollTop: number;
  /** Height of the viewport. */
  viewportHeight: number;
  /** Pixels rendered beyond each edge of the viewport, so short scrolls show no blank space. */
  overscan: number;
  /** Lists with at most this many items are rendered whole (no windowing). */
  renderAllUpTo: number;
}

/** The items that intersect the viewport grown by the overscan on both sides. */
export function windowFor(layout: ListLayout, request: WindowRequest): ItemRange {
  const count = layout.tops.length;
  if (count <= request.renderAllUpTo) return { start: 0, end: count };
  const overscan = Math.max(0, request.overscan);
  const from = Math.max(0, request.scrollTop) - overscan;
  const to = Math.max(0, request.scrollTop) + Math.max(0, request.viewportHeight) + overscan;
  return { start: itemAt(layout, from), end: itemAt(layout, to) + 1 };
}

/**
 * The range to render next: `current` when it still covers the viewport plus half the
 * overscan on each side (and fits the list), so small scrolls re-render nothing; otherwise a
 * fresh {@link windowFor}.
 */
export function nextWindow(current: ItemRange, layout: ListLayout, request: WindowRequest): ItemRange {
  const count = layout.tops.length;
  const fresh = windowFor(layout, request);
  if (count <= request.renderAllUpTo || current.end > count || current.start >= current.end) return fresh;
  const needed = windowFor(layout, { ...request, overscan: request.overscan / 2 });
  const covers = current.start <= needed.start && current.end >= needed.end;
  const oversized = current.end - current.start > 2 * (fresh.end - fresh.start) + 4;
  return covers && !oversized ? current : fresh;
}

/** Heights of the blank space above and below the rendered range, so the scroll height stays the list's. */
export function spacersFor(layout: ListLayout, range: ItemRange): { before: number; after: number } {
  const count = layout.tops.length;
  const start = Math.min(Math.max(0, range.start), count);
  const end = Math.min(Math.max(start, range.end), count);
  if (start === end) return { before: layout.total, after: 0 };
  return { before: layout.tops[start] ?? 0, after: Math.max(0, layout.total - bottomOf(layout, end - 1)) };
}
