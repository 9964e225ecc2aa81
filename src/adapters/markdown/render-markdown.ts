import type { WindowLike } from 'dompurify';
import { markdownToHtml } from './markdown-to-html.ts';
import { createSanitizer } from './sanitize-html.ts';

/** Renders untrusted Markdown (user, card or model text) to HTML that is safe to insert. */
export type RenderMarkdown = (text: string) => string;

/**
 * Builds `renderMarkdown(text)`: Markdown to HTML with raw HTML escaped, then sanitized by
 * DOMPurify with a strict allowlist. Only its output may be inserted as HTML.
 * @throws Error when `window` cannot run the sanitizer.
 */
export function createMarkdownRenderer(window: WindowLike): RenderMarkdown {
  const sanitize = createSanitizer(window);
  return (text) => sanitize(markdownToHtml(text));
}
