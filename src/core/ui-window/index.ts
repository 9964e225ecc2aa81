export { layoutList } from './list-layout.ts';
export { nextWindow, spacersFor, type ItemRange } from './visible-range.ts';
export { anchorAt, anchorShift, bottomScrollTop, isAtBottom } from './scroll-anchor.ts';
export { estimateTextHeight, type TextBlockMetrics } from './estimate-height.ts';
