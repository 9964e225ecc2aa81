import { msg, type Message } from '../i18n/message.ts';

/** A text field of a card and where it sits, e.g. `["first_mes", "Hello"]`. */
export type CardTextField = readonly [path: string, text: string];

const DANGEROUS_TAG = /<\s*\/?\s*(?:script|img|iframe|object|embed|svg|style|link|meta|form|base)\b/i;
/** An `on…=` attribute inside a tag; `[^<>]` keeps the scan linear on hostile input. */
const EVENT_HANDLER = /<[a-z][^<>]{0,2000}?\son[a-z]{1,30}\s*=/i;
const SCRIPT_URL = /(?:javascript|vbscript)\s*:|data\s*:\s*text\/html/i;

const MAX_LISTED = 8;

/** True when `text` contains HTML or script that a browser could run or load. */
export function containsMarkup(text: string): boolean {
  return DANGEROUS_TAG.test(text) || EVENT_HANDLER.test(text) || SCRIPT_URL.test(text);
}

/** Paths of the fields whose text contains HTML or script. */
export function findMarkupFields(fields: readonly CardTextField[]): string[] {
  return fields.filter(([, text]) => containsMarkup(text)).map(([path]) => path);
}

/** A warning for the user naming the fields with markup, or undefined when there are none. */
export function markupWarning(paths: readonly string[]): Message | undefined {
  if (paths.length === 0) return undefined;
  const extra = paths.length - MAX_LISTED;
  return msg('card.warning.markup', {
    fields: paths.slice(0, MAX_LISTED).join(', '),
    more: extra > 0 ? msg('card.warning.markupMore', { count: extra }) : '',
  });
}
