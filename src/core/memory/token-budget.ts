/**
 * Greedy slot filling: walk candidates best first, skip those already in the prompt
 * (see {@link TextDedup}) and those that no longer fit, keep the rest until the budget or
 * the item limit is reached. Each skip is reported so a "why" panel can show it.
 */
import type { TokenCounter } from '../token-counter.ts';
import type { TextDedup } from './text-dedup.ts';

/** Why a candidate was left out. */
export type SkipReason = 'duplicate' | 'over-budget';

/** Result of {@link fillSlot}. */
export interface FilledSlot<T> {
  chosen: Array<{ item: T; tokens: number }>;
  skipped: Array<{ item: T; why: SkipReason }>;
  tokens: number;
}

/** Options of {@link fillSlot}. */
export interface FillOptions<T> {
  budget: number;
  counter: TokenCounter;
  textOf: (item: T) => string;
  dedup?: TextDedup;
  maxItems?: number;
}

/**
 * Picks candidates (best first) greedily into a token budget, deduplicating on the way;
 * stops at `maxItems`. Items after the stop are neither chosen nor reported.
 */
export function fillSlot<T>(candidates: readonly T[], options: FillOptions<T>): FilledSlot<T> {
  const result: FilledSlot<T> = { chosen: [], skipped: [], tokens: 0 };
  const max = options.maxItems ?? Infinity;
  for (const item of candidates) {
    if (result.chosen.length >= max) break;
    const text = options.textOf(item);
    const tokens = options.counter.count(text);
    if (result.tokens + tokens > options.budget) {
      result.skipped.push({ item, why: 'over-budget' });
      continue;
    }
    if (options.dedup?.isDuplicate(text)) {
      result.skipped.push({ item, why: 'duplicate' });
      continue;
    }
    result.chosen.push({ item, tokens });
    result.tokens += tokens;
    options.dedup?.add(text);
  }
  return result;
}
