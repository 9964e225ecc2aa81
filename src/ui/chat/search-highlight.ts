import { matchRanges } from '../../core/chat-search.ts';

/** The name of the highlight in CSS (`::highlight(egos-search)` in app.css). */
const HIGHLIGHT = 'egos-search';

interface HighlightRegistryLike {
  set(name: string, highlight: object): unknown;
  get(name: string): object | undefined;
  delete(name: string): boolean;
}

/** The browser's highlight registry and Highlight class (CSS Custom Highlight API), where it has them. */
function highlightApi(): { registry: HighlightRegistryLike; make: (ranges: Range[]) => object } | null {
  const registry = (globalThis.CSS as { highlights?: HighlightRegistryLike } | undefined)?.highlights;
  const Ctor = (globalThis as { Highlight?: new (...ranges: Range[]) => object }).Highlight;
  return registry && Ctor ? { registry, make: (ranges) => new Ctor(...ranges) } : null;
}

/** DOM ranges over the text nodes of `root` for every match of `query` in their joined text. */
function rangesFor(root: Element, query: string): Range[] {
  const nodes: Text[] = [];
  const starts: number[] = [];
  let text = '';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    nodes.push(node as Text);
    starts.push(text.length);
    text += (node as Text).data;
  }
  /** The text node and offset of joined position `at`; an end position stays in the node it closes. */
  const locate = (at: number, isEnd: boolean): [Text, number] => {
    let i = nodes.length - 1;
    while (i > 0 && ((starts[i] as number) > at || (isEnd && starts[i] === at))) i--;
    return [nodes[i] as Text, at - (starts[i] as number)];
  };
  return matchRanges(text, query).map(({ start, end }) => {
    const range = document.createRange();
    range.setStart(...locate(start, false));
    range.setEnd(...locate(end, true));
    return range;
  });
}

/**
 * Highlights every match of `query` in the message text under `item` (its `.text` element) with
 * the CSS Custom Highlight API: nothing in the page is changed, so Svelte's and the Markdown
 * renderer's DOM stay theirs. Follows re-renders of the text; returns the function that removes
 * the highlight. Browsers without the API get no text highlight (the message is still marked).
 */
export function highlightMatches(item: Element, query: string): () => void {
  const api = highlightApi();
  if (!api || query.trim() === '') return () => {};
  let current: object | null = null;
  const apply = () => {
    const text = item.querySelector('.text');
    current = api.make(text ? rangesFor(text, query) : []);
    api.registry.set(HIGHLIGHT, current);
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(item, { childList: true, subtree: true, characterData: true });
  return () => {
    observer.disconnect();
    if (current && api.registry.get(HIGHLIGHT) === current) api.registry.delete(HIGHLIGHT);
  };
}
