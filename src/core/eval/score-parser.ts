import { SCORE_MAX, SCORE_MIN } from './dimensions.ts';
import { judgeLines } from './judge-text.ts';

/** Why a judgment could not be turned into a score. */
export type UnparseableReason = 'empty' | 'no-score' | 'out-of-range' | 'not-integer' | 'ambiguous';

/** A parsed score, or the reason there is none (never a guess). */
export type ScoreParse = { kind: 'score'; score: number } | { kind: 'unparseable'; reason: UnparseableReason };

const NUMBER = String.raw`(-?\d+(?:\.\d+)?)`;
const AFTER = String.raw`\s*[\])]?\s*(?:\(?\s*(?:/|out of|of)\s*(\d+)\s*\)?)?(\s*(?:-|–|~|to|到|至)\s*\d)?`;
const LABELLED = new RegExp(String.raw`(?:\bscore|\brating|评分|得分|分数|打分)\s*(?:is|of|was|=|:|为|是)?\s*[[(]?\s*${NUMBER}${AFTER}`, 'gi');
const BARE = new RegExp(String.raw`^[[(]*\s*${NUMBER}${AFTER}\s*[\])]*\s*(?:分|points?)?\.?$`, 'i');

function evaluate(value: string, denominator: string | undefined, range: string | undefined, min: number, max: number): ScoreParse {
  if (range) return { kind: 'unparseable', reason: 'ambiguous' };
  if (denominator !== undefined && Number(denominator) !== max) return { kind: 'unparseable', reason: 'out-of-range' };
  const score = Number(value);
  if (!Number.isInteger(score)) return { kind: 'unparseable', reason: 'not-integer' };
  if (score < min || score > max) return { kind: 'unparseable', reason: 'out-of-range' };
  return { kind: 'score', score };
}

/**
 * Reads the score from a judge's output: the last line carrying "Score: N" (also "score：4",
 * "**Score:** 4/5", "评分：4分"), else a last line that is only a number ("4", "4/5", "[[4]]").
 * Anything else — no score, a decimal, a range, a score outside `min`..`max` or on another
 * scale — is reported as unparseable, never guessed.
 */
export function parseJudgeScore(text: string, min = SCORE_MIN, max = SCORE_MAX): ScoreParse {
  const lines = judgeLines(text);
  if (lines.length === 0) return { kind: 'unparseable', reason: 'empty' };
  for (let i = lines.length - 1; i >= 0; i--) {
    const matches = [...(lines[i] ?? '').matchAll(LABELLED)];
    const last = matches.at(-1);
    if (last?.[1] !== undefined) return evaluate(last[1], last[2], last[3], min, max);
  }
  const bare = BARE.exec(lines.at(-1) ?? '');
  if (bare?.[1] !== undefined) return evaluate(bare[1], bare[2], bare[3], min, max);
  return { kind: 'unparseable', reason: 'no-score' };
}

const EVIDENCE = /^(?:[-•·]\s*|\d+[.)]\s*)?(?:evidence|证据|依据)\s*(?:\d+\s*)?:\s*(.+)$/i;
const MAX_EVIDENCE = 20;
const MAX_EVIDENCE_CHARS = 500;

/**
 * The evidence a judge quoted, one entry per line written as "Evidence: …" (also "- Evidence 2:
 * …", "证据：…"), in order, at most 20 of at most 500 characters each. Used for dimensions whose
 * rubric asks for quoted evidence (correctness); empty when the judge quoted none.
 */
export function parseEvidence(text: string): string[] {
  const found: string[] = [];
  for (const line of judgeLines(text)) {
    const quote = EVIDENCE.exec(line)?.[1]?.trim();
    if (!quote || found.length >= MAX_EVIDENCE) continue;
    const chars = [...quote];
    found.push(chars.length <= MAX_EVIDENCE_CHARS ? quote : `${chars.slice(0, MAX_EVIDENCE_CHARS - 1).join('')}…`);
  }
  return found;
}
