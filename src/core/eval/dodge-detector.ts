import type { PersonaLanguage } from '../persona/index.ts';
import { FOLLOW_UP_TEMPLATES } from './interview-templates.ts';
import { hasCjk, textUnits } from './text-units.ts';

/** Fewer units than this (words, or CJK characters) counts as a dodge. */
const MIN_WORDS = 4;
const MIN_CJK_CHARS = 6;
/** An evasive phrase counts only in an answer shorter than this many units. */
const EVASIVE_MAX_UNITS = 20;

const EVASIVE: readonly RegExp[] = [
  /\b(i'?d|i would) rather not\b/i,
  /\blet'?s (talk about|change the subject)/i,
  /\bno comment\b/i,
  /^\W*i (?:really )?(?:don'?t|do not) know\b/i,
  /\bhard to say\b/i,
  /\bi (don'?t|do not) (want|wish) to (talk|say|answer)/i,
  /\bthat'?s (none of your business|private)\b/i,
  /不想(说|谈|回答|提)/,
  /换个话题/,
  /无可奉告/,
  /不关你的事/,
  /随便吧/,
  /说不清|不好说/,
  /不告诉你/,
];

/**
 * Heuristic: true when an answer dodges the question, i.e. it is very short (under 4 words,
 * or under 6 CJK characters) or is short and evasive ("I'd rather not say", "换个话题").
 */
export function isDodge(answer: string): boolean {
  const units = textUnits(answer).length;
  if (units < EVASIVE_MAX_UNITS && EVASIVE.some((re) => re.test(answer))) return true;
  return units < (hasCjk(answer) ? MIN_CJK_CHARS : MIN_WORDS);
}

/** The follow-up line asked after a dodged `question`. */
export function followUpQuestion(question: string, language: PersonaLanguage): string {
  return FOLLOW_UP_TEMPLATES[language].replace('{question}', question);
}
