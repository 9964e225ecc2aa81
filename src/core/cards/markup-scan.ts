import type { Localized } from '../persona/index.ts';
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
export function markupWarning(paths: readonly string[]): Localized | undefined {
  if (paths.length === 0) return undefined;
  const listed = paths.slice(0, MAX_LISTED).join(', ');
  const extra = paths.length - MAX_LISTED;
  const more = extra > 0 ? ` and ${extra} more` : '';
  const moreZh = extra > 0 ? ` 等另外 ${extra} 处` : '';
  return {
    en: `This card contains HTML or script in: ${listed}${more}. EGOS keeps the text but shows it as plain text and never runs it; check those fields before chatting.`,
    zh: `这张卡片的以下字段含有 HTML 或脚本：${listed}${moreZh}。EGOS 会保留这些文字，但只作为纯文本显示，绝不会运行；开始对话前请检查这些字段。`,
  };
}
