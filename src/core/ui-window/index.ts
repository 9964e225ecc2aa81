export { bottomOf, itemAt, layoutList, type ListLayout } from './list-layout.ts';
export { nextWindow, spacersFor, windowFor, type ItemRange, type WindowRequest } from './visible-range.ts';
export { anchorAt, anchorShift, bottomScrollTop, isAtBottom, type ScrollAnchor } from './scroll-anchor.ts';
export { estimateTextHeight, type TextBlockMetrics } from './estimate-height.ts';
