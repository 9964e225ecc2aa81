import type { PersonaLanguage } from '../persona.ts';

/** A user-facing text in both supported languages. */
export interface Localized {
  en: string;
  zh: string;
}

/** Picks the text for `language`. */
export function pick(text: Localized, language: PersonaLanguage): string {
  return text[language];
}

/** Wraps `text` in the language's quote marks: `"…"` in English, `「…」` in Chinese. */
export function quote(text: string, language: PersonaLanguage): string {
  return language === 'zh' ? `「${text}」` : `"${text}"`;
}

/** One dialogue line: `Name: "…"` in English, `Name：「…」` in Chinese. */
export function dialogueLine(speaker: string, text: string, language: PersonaLanguage): string {
  return language === 'zh' ? `${speaker}：「${text}」` : `${speaker}: "${text}"`;
}

/** `Label: value` with the language's colon (full-width in Chinese). */
export function labelled(label: string, value: string, language: PersonaLanguage): string {
  return language === 'zh' ? `${label}：${value}` : `${label}: ${value}`;
}

/** Joins list items: `a, b, c` in English, `a、b、c` in Chinese. */
export function joinList(items: readonly string[], language: PersonaLanguage): string {
  return items.join(language === 'zh' ? '、' : ', ');
}

/** Normalizes line endings to `\n` and trims; used on every text that goes into a prompt. */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

/** Non-empty, cleaned items of a list, in their original order. */
export function cleanList(items: readonly string[]): string[] {
  return items.map(cleanText).filter((item) => item.length > 0);
}

/** Cleans a free text to one line of at most `max` characters; '' when nothing usable remains. */
export function oneLine(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  const text = value.replace(/\s+/g, ' ').trim();
  return [...text].slice(0, max).join('').trim();
}
