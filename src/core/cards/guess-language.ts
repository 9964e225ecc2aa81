import type { PersonaLanguage } from '../persona.ts';

const HAN = /\p{Script=Han}/gu;
const LATIN = /\p{Script=Latin}/gu;
const SAMPLE = 4000;

/** Guesses whether a card is written mainly in Chinese or English from a sample of its text. */
export function guessLanguage(texts: readonly string[]): PersonaLanguage {
  const sample = texts.join('\n').slice(0, SAMPLE);
  const han = sample.match(HAN)?.length ?? 0;
  const latin = sample.match(LATIN)?.length ?? 0;
  return han > 0 && han * 2 >= latin ? 'zh' : 'en';
}
