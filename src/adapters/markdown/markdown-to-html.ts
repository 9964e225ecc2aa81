import { Marked, type Tokens } from 'marked';

/** Link targets that may become links; anything else (javascript:, data:, relative) stays text. */
const SAFE_HREF = /^(https?:|mailto:)/i;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text with the five HTML-special characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    /** Raw HTML in the text is shown as text, never passed through. */
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    /** Images are never loaded: their alt text is shown instead. */
    image(token: Tokens.Image): string {
      return escapeHtml(token.text);
    },
    /** Only http(s) and mailto targets become links; others keep just their text. */
    link(token: Tokens.Link): string {
      const inner = this.parser.parseInline(token.tokens);
      const href = token.href.trim();
      return SAFE_HREF.test(href) ? `<a href="${escapeHtml(href)}">${inner}</a>` : inner;
    },
  },
});

/**
 * Markdown (GFM, single newlines as line breaks) to HTML, with raw HTML escaped, images
 * reduced to their alt text and unsafe link targets dropped. The output still goes through
 * the sanitizer before it reaches the page.
 */
export function markdownToHtml(text: string): string {
  return (marked.parse(text, { async: false }) as string).trim();
}
