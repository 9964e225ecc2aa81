import type { PersonaLanguage } from '../persona/index.ts';

/**
 * A scene summary: who spoke, what the scene was about, and the details a later turn may
 * need (facts, promises, names, numbers). Stored as the text of a `Memory` of kind `summary`.
 */
export interface SceneSummary {
  /** Both speakers' names (set by code, not by the model). */
  speakers: string[];
  topic: string;
  facts: string[];
  promises: string[];
  names: string[];
  numbers: string[];
}

/** List fields of a {@link SceneSummary} that the model fills. */
export type SummaryListField = 'facts' | 'promises' | 'names' | 'numbers';

/** Upper bounds applied when a summary is parsed, so one reply cannot flood the prompt. */
export const SUMMARY_LIMITS = {
  topicChars: 200,
  itemChars: 240,
  items: { facts: 14, promises: 8, names: 20, numbers: 20 },
} as const satisfies { topicChars: number; itemChars: number; items: Record<SummaryListField, number> };

/** Field labels of the line format, per language (also accepted by the parser). */
export const SUMMARY_LABELS = {
  en: { topic: 'Topic', speakers: 'Speakers', facts: 'Facts', promises: 'Promises', names: 'Names', numbers: 'Numbers' },
  zh: { topic: '话题', speakers: '人物', facts: '要点', promises: '约定', names: '名字', numbers: '数字' },
} as const satisfies Record<PersonaLanguage, Record<keyof SceneSummary, string>>;

const FIELD_ORDER = ['topic', 'speakers', 'facts', 'promises', 'names', 'numbers'] as const;

/** Separators used when a list is rendered on one line. */
const SEPARATORS: Record<PersonaLanguage, { colon: string; sentence: string; word: string }> = {
  en: { colon: ': ', sentence: '; ', word: ', ' },
  zh: { colon: '：', sentence: '；', word: '、' },
};

/**
 * Renders a summary as labelled lines ("Topic: …", "Facts: a; b"), empty fields left out.
 * Pure and stable: the same summary always gives byte-identical text.
 */
export function renderSceneSummary(summary: SceneSummary, language: PersonaLanguage): string {
  const labels = SUMMARY_LABELS[language];
  const sep = SEPARATORS[language];
  const lines: string[] = [];
  for (const field of FIELD_ORDER) {
    const value = summary[field];
    const items = typeof value === 'string' ? [value] : value;
    const clean = items.map(cleanItem).filter((item) => item !== '');
    if (clean.length === 0) continue;
    const joiner = field === 'facts' || field === 'promises' ? sep.sentence : sep.word;
    lines.push(`${labels[field]}${sep.colon}${clean.join(joiner)}`);
  }
  return lines.join('\n');
}

/** Collapses whitespace (newlines included) to single spaces and trims. */
export function cleanItem(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cleans, clips to `maxChars` (ending with "…") and drops empty or duplicate items, keeping order. */
export function cleanList(items: readonly string[], maxItems: number, maxChars: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const clean = clip(cleanItem(item), maxChars);
    const key = clean.toLowerCase();
    if (!clean || seen.has(key)) continue;
    seen.add(key);
    out.push(clean);
    if (out.length === maxItems) break;
  }
  return out;
}

/** Clips text to at most `maxChars` code points, marking a cut with "…". */
export function clip(text: string, maxChars: number): string {
  const chars = [...text];
  if (chars.length <= maxChars) return text;
  return `${chars
    .slice(0, Math.max(0, maxChars - 1))
    .join('')
    .trimEnd()}…`;
}
