/**
 * Plain paragraphs: a text with no Markdown or HTML in it (most chat lines) and the HTML the app's
 * Markdown renderer (adapters/markdown) gives it, made here without the renderer. Screens use it
 * to show such texts before the renderer has loaded, exactly as they will look once it has.
 */
/**
 * What makes a text more than plain paragraphs: Markdown or HTML syntax anywhere (emphasis, code,
 * links, autolinks, tables, escapes, entities), a line that could open a block (heading, quote,
 * list, rule, indented code), whitespace at a line's edge, and characters the page writes as
 * entities (no-break space) or that Markdown normalizes (carriage returns, line separators).
 */
const NOT_PLAIN = /[*_~`[\]<>&\\|@\t\r\u00a0\u2028\u2029]|(?:https?|ftp):|www\.|^[^\S\n]|[^\S\n]$|[^\S\n]\n|\n[^\S\n]|^\n|\n$|(?:^|\n)(?:[#>+=-]|\d+[.)])/i;

/**
 * The HTML of a text that is plain paragraphs (most chat lines), exactly as the Markdown renderer and
 * its sanitizer make it, without running either: paragraphs split at blank lines,
 * single newlines as line breaks. Such a text holds no `<`, `>` or `&`, so the result is safe to
 * insert. Null when the text has anything else (it then takes the full path).
 */
export function plainTextHtml(text: string): string | null {
  if (text === '' || NOT_PLAIN.test(text)) return null;
  return text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${paragraph.split('\n').join('<br>')}</p>`)
    .join('\n');
}
