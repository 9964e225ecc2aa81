import type { Verdict } from './verdict-parser.ts';

/**
 * Result of comparing configurations `a` and `b` on one item, after both orders:
 * a win, a tie, `inconsistent` (the orders picked opposite sides, e.g. position bias) or
 * `unparseable` (a verdict could not be read).
 */
export type PairOutcome = 'a' | 'b' | 'tie' | 'inconsistent' | 'unparseable';

/** Which configuration a verdict favours, given which one was shown as A. */
export function unswap(verdict: Verdict, shownAsA: 'a' | 'b'): 'a' | 'b' | 'tie' {
  if (verdict === 'tie') return 'tie';
  const other = shownAsA === 'a' ? 'b' : 'a';
  return verdict === 'A' ? shownAsA : other;
}

/**
 * Combines the verdict with `a` shown first (`abOrder`) and with `b` shown first (`baOrder`).
 * A side wins only when both orders pick it; a win in one order and a tie in the other is a
 * tie; opposite picks are inconsistent.
 */
export function combineOrders(abOrder: Verdict | null, baOrder: Verdict | null): PairOutcome {
  if (abOrder === null || baOrder === null) return 'unparseable';
  const first = unswap(abOrder, 'a');
  const second = unswap(baOrder, 'b');
  if (first === second) return first;
  if (first === 'tie' || second === 'tie') return 'tie';
  return 'inconsistent';
}
