/** Typography and box of a text block, used to guess its height before it is rendered. */
export interface TextBlockMetrics {
  /** Share of the container's width the block may take (e.g. 0.9 for `max-width: 90%`). */
  widthRatio: number;
  /** Horizontal padding and borders of the block, in pixels. */
  horizontalInset: number;
  /** Average width of one character, in pixels. */
  charWidth: number;
  /** Height of one line of text, in pixels. */
  lineHeight: number;
  /** Extra space for each blank line (a paragraph break), in pixels. */
  paragraphGap: number;
  /** Height of everything but the text lines (name, footer, padding, borders), in pixels. */
  chrome: number;
}

/**
 * A guess of the height of a block of wrapped `text` in a container `containerWidth` pixels
 * wide: each source line wraps at the average character width, each blank line adds a
 * paragraph gap. The real height replaces it once the block is measured.
 */
export function estimateTextHeight(text: string, containerWidth: number, metrics: TextBlockMetrics): number {
  const textWidth = Math.max(metrics.charWidth * 8, containerWidth * metrics.widthRatio - metrics.horizontalInset);
  const perLine = Math.max(1, Math.floor(textWidth / metrics.charWidth));
  let lines = 0;
  let gaps = 0;
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    if (end > start) lines += Math.ceil((end - start) / perLine);
    else if (newline >= 0) gaps++;
    start = end + 1;
  }
  return metrics.chrome + Math.max(1, lines) * metrics.lineHeight + gaps * metrics.paragraphGap;
}
