/** Vertical layout of a list of items: where each item starts and how tall it is, in CSS pixels. */
export interface ListLayout {
  /** Top edge of each item, from the top of the list. */
  readonly tops: Float64Array;
  /** Height of each item (measured, or estimated until measured). */
  readonly heights: Float64Array;
  /** Height of the whole list: the bottom edge of the last item (0 when empty). */
  readonly total: number;
}

/**
 * Lays out `count` items top to bottom with `gap` pixels between neighbours (none after the
 * last). Negative or non-finite heights count as 0.
 */
export function layoutList(count: number, heightOf: (index: number) => number, gap: number): ListLayout {
  const tops = new Float64Array(count);
  const heights = new Float64Array(count);
  const space = Math.max(0, gap);
  let y = 0;
  for (let i = 0; i < count; i++) {
    const h = heightOf(i);
    const height = Number.isFinite(h) && h > 0 ? h : 0;
    tops[i] = y;
    heights[i] = height;
    y += height + space;
  }
  return { tops, heights, total: count > 0 ? y - space : 0 };
}

/** Bottom edge of item `index` (its top plus its height). */
export function bottomOf(layout: ListLayout, index: number): number {
  return (layout.tops[index] ?? layout.total) + (layout.heights[index] ?? 0);
}

/**
 * The item at height `y`: the first item whose bottom edge lies below `y` (so a `y` in the gap
 * after an item gives the next one). Clamped to the list: 0 above it, the last item below it;
 * -1 for an empty list.
 */
export function itemAt(layout: ListLayout, y: number): number {
  const count = layout.tops.length;
  if (count === 0) return -1;
  let low = 0;
  let high = count - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (bottomOf(layout, mid) > y) high = mid;
    else low = mid + 1;
  }
  return low;
}
