/**
 * Greedy slot filling: walk candidates best first, skip those already in the prompt
 * (see {@link TextDedup}) and those that no longer fit, keep the rest until the budget or
 * the item limit is reached. Each skip is reported so a "why" panel can show it. With
 * `trimFrom`, an item that does not fit whole is cut to the room left (at a sentence end when
 * one is near) instead of being dropped, as long as that room is worth it.
 */
import { prefixWithinTokens } from '../extract/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import type { TextDedup } from './text-dedup.ts';

/** Why a candidate was left out. */
export type SkipReason = 'duplicate' | 'over-budget';

/** Result of {@link fillSlot}. */
export interface FilledSlot<T> {
  /** `text` is set when the item was cut to fit: what goes into the prompt instead of its whole text. */
  chosen: Array<{ item: T; tokens: number; text?: string }>;
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
  /** Cut an item that does not fit whole when at least this many tokens are left; unset: never cut. */
  trimFrom?: number;
}

/** Marks that a text was cut short. */
const CUT_MARK = '…';

/**
 * `text` cut to at most `maxTokens` tokens with a trailing `…`, ending at the last sentence end
 * (or line end) in its second half when there is one.
 */
export function cutToTokens(text: string, counter: TokenCounter, maxTokens: number): string {
  const room = Math.max(1, maxTokens - counter.count(CUT_MARK));
  const end = prefixWithinTokens(text, counter, room);
  const head = text.slice(0, end);
  const sentence = Math.max(...['. ', '! ', '? ', '。', '！', '？', '\n'].map((mark) => head.lastIndexOf(mark)));
  const cut = sentence >= head.length / 2 ? head.slice(0, sentence + 1) : head;
  return `${cut.trimEnd()}${CUT_MARK}`;
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
    const left = options.budget - result.tokens;
    if (tokens > left && options.trimFrom !== undefined && left >= options.trimFrom && !options.dedup?.isDuplicate(text)) {
      const cut = cutToTokens(text, options.counter, left);
      const cutTokens = options.counter.count(cut);
      if (cutTokens <= left) {
        result.chosen.push({ item, tokens: cutTokens, text: cut });
        result.tokens += cutTokens;
        options.dedup?.add(cut);
        continue;
      }
    }
    if (tokens > left) {
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
