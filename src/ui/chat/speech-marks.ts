import { quotedRanges } from '../../core/voice.ts';

/** The class of a piece of quoted speech in message text (styled by MarkdownText). */
export const SPEECH_CLASS = 'speech';

/** Elements whose text is read on its own: a quotation left open does not run past them. */
const BLOCKS = 'p, li, blockquote, h1, h2, h3, h4, h5, h6';
/** Text that is never speech. */
const CODE = 'code, pre';
/** Any opening quotation mark (`"` may come escaped). */
const ANY_QUOTE = /["“「『]|&quot;|&#34;/;

/** Sanitized message HTML with its quoted speech marked, and whether it has any. */
export interface MarkedSpeech {
  html: string;
  quoted: boolean;
}

/**
 * Marks the quoted speech (`"…"`, `“…”`, `「…」`, `『…』`, as {@link quotedRanges} reads it,
 * the same reading as reading aloud) in HTML that the Markdown renderer has already
 * sanitized: each quoted stretch of text is wrapped in `<span class="speech">`, paragraph by
 * paragraph, across emphasis and links; code is left alone. The HTML is parsed inert (a
 * template: nothing runs, nothing loads), only text nodes are split and wrapped, and no
 * attribute of the input is touched, so the sanitizer's guarantees hold.
 */
export function markSpeech(html: string): MarkedSpeech {
  if (!ANY_QUOTE.test(html)) return { html, quoted: false };
  const template = document.createElement('template');
  template.innerHTML = html;
  const root = template.content;
  const runs = new Map<Node, Text[]>();
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (parent?.closest(CODE)) continue;
    const block = parent?.closest(BLOCKS) ?? root;
    const run = runs.get(block);
    if (run) run.push(node as Text);
    else runs.set(block, [node as Text]);
  }
  let quoted = false;
  for (const nodes of runs.values()) {
    const ranges = quotedRanges(nodes.map((n) => n.data).join(''));
    if (ranges.length === 0) continue;
    quoted = true;
    let at = 0;
    for (const node of nodes) {
      const start = at;
      at += node.data.length;
      const inside = ranges
        .filter((r) => r.start < at && r.end > start)
        .map((r) => ({ from: Math.max(r.start, start) - start, to: Math.min(r.end, at) - start }));
      if (inside.length > 0) wrap(node, inside);
    }
  }
  return { html: template.innerHTML, quoted };
}

/** Replaces a text node by its pieces, the stretches `inside` each in a speech span. */
function wrap(node: Text, inside: readonly { from: number; to: number }[]): void {
  const pieces = document.createDocumentFragment();
  let last = 0;
  for (const { from, to } of inside) {
    if (from > last) pieces.append(node.data.slice(last, from));
    const span = document.createElement('span');
    span.className = SPEECH_CLASS;
    span.textContent = node.data.slice(from, to);
    pieces.append(span);
    last = to;
  }
  if (last < node.data.length) pieces.append(node.data.slice(last));
  node.replaceWith(pieces);
}
