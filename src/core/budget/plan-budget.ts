import type { MessageRole } from '../message.ts';
import {
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_KEEP_RECENT,
  DEFAULT_LOW_WATER,
  DEFAULT_REPLY_RESERVE,
  DEFAULT_SAFETY_MARGIN,
  DEFAULT_SHARES,
  type BudgetShares,
} from './budget-defaults.ts';
import type { PromptTokens } from './measure-prompt.ts';
import { sumTokens, tokenCount, type TokenCount } from './token-count.ts';

/** Input of {@link planBudget}. A "turn" here is one message: a user line or a reply. */
export interface BudgetInput {
  /** Exact counts of the prompt as it would be built now (all unsummarized turns). */
  tokens: PromptTokens;
  /** Role of each history message (same index as `tokens.turns`). */
  roles: readonly MessageRole[];
  contextWindow?: number;
  replyReserve?: number;
  keepRecent?: number;
  lowWater?: number;
  safetyMargin?: number;
  shares?: Partial<BudgetShares>;
}

/** Tells the summarizer to turn the oldest `turns` messages into one scene summary. */
export interface SummarizeSignal {
  turns: number;
  /** Their tokens as they appear in the prompt. */
  tokens: TokenCount;
}

/** A part that is larger than its share, or recent turns that cannot fit at all. */
export type BudgetWarning = 'system-over-share' | 'retrieved-over-share' | 'recent-turns-too-large';

/** The plan for the next prompt; {@link BudgetPlan.summarize} is the summarization helper's signal. */
export interface BudgetPlan {
  /** Tokens the prompt may use: window − reply reserve − safety margin. */
  budget: TokenCount;
  /** Tokens of the prompt with every unsummarized turn. */
  used: TokenCount;
  fits: boolean;
  overflowTokens: TokenCount;
  /** How many of the oldest turns must leave the prompt for it to fit now (0 when it fits). */
  overflowTurns: number;
  /** Non-null when turns overflow: summarize this (large) block of the oldest turns at once. */
  summarize: SummarizeSignal | null;
  /** Summaries exceed their share: merge them into a summary of summaries with the next block. */
  summariesOverflow: boolean;
  /** Caps per part; `retrieved` is what the retrieval step may fill this turn. */
  caps: { system: TokenCount; retrieved: TokenCount; summaries: TokenCount; turns: TokenCount };
  warnings: BudgetWarning[];
}

function share(budget: number, part: number): TokenCount {
  return tokenCount(Math.max(0, Math.floor(budget * part)));
}

/** Smallest k ≥ from such that the turns from k on sum to ≤ limit, but never past `stop`. */
function dropUntil(turns: readonly number[], from: number, stop: number, total: number, limit: number): { k: number; rest: number } {
  let k = from;
  let rest = total;
  while (rest > limit && k < stop) {
    rest -= turns[k] ?? 0;
    k++;
  }
  return { k, rest };
}

/**
 * Plans the next prompt within the context budget. The last `keepRecent` turns always stay
 * verbatim. When the turns overflow, it asks to summarize one large block of the oldest turns
 * (down to `lowWater` of the turns' allowance, ending before a user line), so summarization —
 * which changes the prompt prefix and costs the chat layout one full prefill — stays rare.
 * If the summary is not ready or fails, the caller leaves out `overflowTurns` oldest turns from
 * this prompt only (they stay stored) and retries the summary later.
 */
export function planBudget(input: BudgetInput): BudgetPlan {
  const t = input.tokens;
  const shares = { ...DEFAULT_SHARES, ...input.shares };
  const window = input.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  const reserve = input.replyReserve ?? DEFAULT_REPLY_RESERVE;
  const margin = input.safetyMargin ?? DEFAULT_SAFETY_MARGIN;
  const keepRecent = Math.max(0, input.keepRecent ?? DEFAULT_KEEP_RECENT);
  const lowWater = input.lowWater ?? DEFAULT_LOW_WATER;

  const budget = tokenCount(Math.max(0, window - reserve - margin));
  const fixed = t.system + t.summaries + t.retrieved + t.overhead;
  const allowance = budget - fixed;
  const turnsTotal = sumTokens(t.turns);
  const n = t.turns.length;
  const protectedFrom = Math.max(0, n - keepRecent);
  const fits = fixed + turnsTotal <= budget;

  const fit = dropUntil(t.turns, 0, protectedFrom, turnsTotal, allowance);
  const recentFit = fit.rest <= allowance;
  let summarize: SummarizeSignal | null = null;
  if (!fits) {
    let { k } = dropUntil(t.turns, fit.k, protectedFrom, fit.rest, Math.max(0, lowWater * allowance));
    while (k < protectedFrom && input.roles[k] !== 'user') k++;
    if (k > 0) summarize = { turns: k, tokens: sumTokens(t.turns.slice(0, k)) };
  }

  const caps = {
    system: share(budget, shares.system),
    retrieved: share(budget, shares.retrieved),
    summaries: share(budget, shares.summaries),
    turns: tokenCount(Math.max(0, allowance)),
  };
  const warnings: BudgetWarning[] = [];
  if (t.system > caps.system) warnings.push('system-over-share');
  if (t.retrieved > caps.retrieved) warnings.push('retrieved-over-share');
  if (!recentFit) warnings.push('recent-turns-too-large');
  return {
    budget,
    used: t.total,
    fits,
    overflowTokens: tokenCount(Math.max(0, t.total - budget)),
    overflowTurns: fits ? 0 : fit.k,
    summarize,
    summariesOverflow: t.summaries > caps.summaries,
    caps,
    warnings,
  };
}
