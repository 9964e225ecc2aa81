import type { PersonaLanguage } from '../persona.ts';

/**
 * How a spoken line is written in quote mode.
 *
 * English: `Name: "…"` (ASCII colon + space, straight double quotes).
 * Chinese: `Name：「…」` (full-width colon, corner brackets). Corner brackets are chosen over
 * `“…”` because their opening and closing marks are different single tokens, the closing
 * `」` almost never occurs inside speech (nested quotes use `『』` and `“”`), and novels and
 * ChatHaruhi-style corpora write dialogue this way. The parser also accepts `“…”` and `"…"`.
 */
export interface QuoteStyle {
  /** Between the speaker's name and the opening quote. */
  readonly colon: string;
  readonly open: string;
  readonly close: string;
}

const STYLES: Record<PersonaLanguage, QuoteStyle> = {
  en: { colon: ': ', open: '"', close: '"' },
  zh: { colon: '：', open: '「', close: '」' },
};

/** The quote style of a persona language. */
export function quoteStyleFor(language: PersonaLanguage): QuoteStyle {
  return STYLES[language];
}

/** The start of a spoken line up to and including the opening quote, e.g. `Alice: "`. */
export function linePrefix(speaker: string, language: PersonaLanguage): string {
  const style = STYLES[language];
  return `${speaker}${style.colon}${style.open}`;
}

/** A complete quoted line, e.g. `Alice: "Hello."` or `林黛玉：「你好。」`. */
export function formatLine(speaker: string, text: string, language: PersonaLanguage): string {
  return `${linePrefix(speaker, language)}${text}${STYLES[language].close}`;
}
