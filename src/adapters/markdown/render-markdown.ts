import type { WindowLike } from 'dompurify';
import { plainTextHtml } from '../../core/markdown/plain-paragraphs.ts';
import { markdownToHtml } from './markdown-to-html.ts';
import { createSanitizer } from './sanitize-html.ts';

/** Renders untrusted Markdown (user, card or model text) to HTML that is safe to insert. */
export type RenderMarkdown = (text: string) => string;

/**
 * Builds `renderMarkdown(text)`: Markdown to HTML with raw HTML escaped, then sanitized by
 * DOMPurify with a strict allowlist; a text of plain paragraphs takes a short path to the same
 * HTML. Only its output may be inserted as HTML.
 * @throws Error when `window` cannot run the sanitizer.
 */
export function createMarkdownRenderer(window: WindowLike): RenderMarkdown {
  const sanitize = createSanitizer(window);
  return (text) => plainTextHtml(text) ?? sanitize(markdownToHtml(text));
}
