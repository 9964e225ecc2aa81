import { textUnits } from './text-units.ts';

/** All n-grams of one text's units (see {@link textUnits}), joined with a space. */
export function ngrams(text: string, n: number): string[] {
  const units = textUnits(text);
  const grams: string[] = [];
  for (let i = 0; i + n <= units.length; i++) grams.push(units.slice(i, i + n).join(' '));
  return grams;
}

/**
 * Corpus-level distinct-n: unique n-grams / all n-grams over every reply (n-grams never span
 * two replies). CJK text counts characters, other text counts lower-cased words. Null when
 * the replies hold no n-gram at all.
 * @throws RangeError when n is not a positive integer.
 */
export function distinctN(replies: readonly string[], n: number): number | null {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`distinct-n needs a positive whole n, got ${n}.`);
  const all = replies.flatMap((reply) => ngrams(reply, n));
  return all.length === 0 ? null : new Set(all).size / all.length;
}
