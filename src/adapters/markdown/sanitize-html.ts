import DOMPurify, { type Config, type WindowLike } from 'dompurify';

/** The only elements message text may contain. */
export const ALLOWED_TAGS = ['p', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'br', 'a'];

const CONFIG: Config = {
  ALLOWED_TAGS,
  ALLOWED_ATTR: ['href', 'target', 'rel'],
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  KEEP_CONTENT: true,
};

/**
 * A DOMPurify-backed sanitizer with a strict allowlist: the tags above, `href` only with
 * http(s)/mailto, every link opened in a new tab with `rel="noopener noreferrer"`; no
 * images, SVG, styles, classes or event handlers.
 * @throws Error when `window` cannot run DOMPurify (no DOM).
 */
export function createSanitizer(window: WindowLike): (html: string) => string {
  const purify = DOMPurify(window);
  if (!purify.isSupported) throw new Error('This browser cannot run the HTML sanitizer, so formatted text cannot be shown safely.');
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A') return;
    if (node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    } else {
      node.removeAttribute('target');
      node.removeAttribute('rel');
    }
  });
  return (html) => purify.sanitize(html, CONFIG);
}
