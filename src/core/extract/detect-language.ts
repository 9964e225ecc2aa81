import type { PersonaLanguage } from '../persona.ts';

/**
 * Guesses the main language of a source: Chinese when Han characters are at least as many
 * as Latin words in three samples (start, middle, end) of `sampleChars` in all.
 */
export function detectLanguage(text: string, sampleChars = 30_000): PersonaLanguage {
  const part = Math.floor(sampleChars / 3);
  const middle = Math.max(0, Math.floor(text.length / 2 - part / 2));
  const sample = text.length <= sampleChars ? text : text.slice(0, part) + text.slice(middle, middle + part) + text.slice(-part);
  const han = sample.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latinWords = sample.match(/[A-Za-z]+/g)?.length ?? 0;
  return han > 0 && han >= latinWords ? 'zh' : 'en';
}
