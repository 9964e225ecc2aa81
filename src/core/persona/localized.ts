import type { PersonaLanguage } from './persona.ts';

/** A text in both persona languages, for what is written into prompts (picked by the persona's language, not the interface's). */
export interface Localized {
  en: string;
  zh: string;
}

/**
 * The main language of a text: Chinese when Han characters are at least as many as Latin words,
 * read from three samples (start, middle, end) of `sampleChars` in all.
 */
export function detectLanguage(text: string, sampleChars = 30_000): PersonaLanguage {
  const part = Math.floor(sampleChars / 3);
  const middle = Math.max(0, Math.floor(text.length / 2 - part / 2));
  const sample = text.length <= sampleChars ? text : text.slice(0, part) + text.slice(middle, middle + part) + text.slice(-part);
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = sample.match(/[A-Za-z]+/g)?.length ?? 0;
  return han > 0 && han >= latinWords ? 'zh' : 'en';
}

/** Picks the text for `language`. */
export function pick(text: Localized, language: PersonaLanguage): string {
  return text[language];
}

/** Wraps `text` in the language's quote marks: `"…"` in English, `「…」` in Chinese. */
export function quote(text: string, language: PersonaLanguage): string {
  return language === 'zh' ? `「${text}」` : `"${text}"`;
}

/** `Label: value` with the language's colon (full-width in Chinese). */
export function labelled(label: string, value: string, language: PersonaLanguage): string {
  return language === 'zh' ? `${label}：${value}` : `${label}: ${value}`;
}

/** Joins list items: `a, b, c` in English, `a、b、c` in Chinese. */
export function joinList(items: readonly string[], language: PersonaLanguage): string {
  return items.join(language === 'zh' ? '、' : ', ');
}

/** Joins names as a sentence names them: `Maren`, `Maren and Tobin`, `Maren, Tobin and Ada`; in Chinese `林晚、阿远和小周`. */
export function joinNames(names: readonly string[], language: PersonaLanguage): string {
  if (names.length <= 1) return names[0] ?? '';
  const [and, comma] = language === 'zh' ? ['和', '、'] : [' and ', ', '];
  return `${names.slice(0, -1).join(comma)}${and}${names.at(-1) as string}`;
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
