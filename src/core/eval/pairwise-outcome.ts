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

/** How the verdicts of both orders become one outcome: both orders must agree, or the average of both positions. */
export type PairwiseAggregation = 'agree' | 'average';

/** Every aggregation rule; the first is the default. */
export const PAIRWISE_AGGREGATIONS: readonly PairwiseAggregation[] = ['agree', 'average'];

/**
 * One order's verdict from its k samples: the verdict that more than half of the readable
 * samples give; a tie when none has a majority (e.g. one A and one B); null when no sample
 * could be read.
 */
export function majorityVerdict(samples: readonly (Verdict | null)[]): Verdict | null {
  const read = samples.filter((v): v is Verdict => v !== null);
  if (read.length === 0) return null;
  const winner = (['A', 'B', 'tie'] as const).find((v) => read.filter((r) => r === v).length * 2 > read.length);
  return winner ?? 'tie';
}

/** One item of a comparison after every sample of both orders. */
export interface PairResult {
  outcome: PairOutcome;
  /**
   * Preference for `a`, 0–1: every readable sample of both orders scored for `a` (win 1, tie ½,
   * loss 0) and averaged; null when an order has no readable sample.
   */
  preference: number | null;
}

/**
 * Combines the k verdicts with `a` shown first and the k with `b` shown first.
 * `agree`: each order's majority ({@link majorityVerdict}), then {@link combineOrders} (a win
 * only when both orders pick the side). `average`: the preference for `a` over both orders and
 * all samples; above ½ a wins, below ½ b wins, exactly ½ is a tie (position bias alone, A in
 * both orders, is a tie). Either rule: an order with no readable sample makes it `unparseable`.
 */
export function combineSamples(abOrder: readonly (Verdict | null)[], baOrder: readonly (Verdict | null)[], rule: PairwiseAggregation = 'agree'): PairResult {
  const points = { a: 2, tie: 1, b: 0 } as const;
  const ab = abOrder.filter((v): v is Verdict => v !== null).map((v) => points[unswap(v, 'a')]);
  const ba = baOrder.filter((v): v is Verdict => v !== null).map((v) => points[unswap(v, 'b')]);
  if (ab.length === 0 || ba.length === 0) return { outcome: 'unparseable', preference: null };
  const halves = [...ab, ...ba].reduce<number>((x, y) => x + y, 0);
  const count = ab.length + ba.length;
  const preference = halves / (2 * count);
  if (rule === 'agree') return { outcome: combineOrders(majorityVerdict(abOrder), majorityVerdict(baOrder)), preference };
  return { outcome: halves > count ? 'a' : halves < count ? 'b' : 'tie', preference };
}
