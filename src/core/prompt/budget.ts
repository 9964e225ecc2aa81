/**
 * The context budget of a prompt: exact token counts per part (measured with the real Qwen
 * tokenizer on the prompt's own segments) and the plan that keeps it within the model's context window (its token limit).
 */
import type { MessageRole } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { promptSegments, type LayoutId, type PromptContext, type PromptSegment } from './layouts.ts';

/** Context window of the Qwen models WebLLM ships (all 4096); an engine may report another. */
export const DEFAULT_CONTEXT_WINDOW = 4096;

/** Tokens kept free for the reply (its `max_tokens`) when the caller does not say. */
export const DEFAULT_REPLY_RESERVE = 256;

/** The newest messages (user lines and replies) that always stay verbatim: two exchanges. */
export const DEFAULT_KEEP_RECENT = 4;

/**
 * After a block summary, the verbatim messages fill at most this share of their allowance.
 * Low, so one summarization frees a lot and the next is many turns away: each summarization
 * changes the prompt prefix, and the chat layout then pays one full prefill.
 */
export const DEFAULT_LOW_WATER = 0.2;

/** Tokens held back against rounding in the engine's template (e.g. a separator token). */
export const DEFAULT_SAFETY_MARGIN = 16;

/**
 * Caps, as shares of the budget (window − reply reserve − margin). The recent turns get the
 * rest. Persona 30% (~1150 tokens at 4096), this turn's notes 20% (~750), scene summaries 15%
 * (~550; above it they are merged into a summary of summaries).
 */
export interface BudgetShares {
  system: number;
  retrieved: number;
  summaries: number;
}

/** The default shares. */
export const DEFAULT_SHARES: Readonly<BudgetShares> = { system: 0.3, retrieved: 0.2, summaries: 0.15 };

/**
 * Shares of the context window that lore and each retrieval slot may fill; together less than the
 * notes' share, which reserves room for all of them and the author's note wherever they go (lore
 * may sit in the system message or the history: see core/lore/activation.ts). Lore gets the most:
 * a card's entries that fire are usually a paragraph each (at 4,096 tokens: ~330 for lore, ~160
 * for memories).
 */
export const NOTE_SHARES = { lore: 0.08, memories: 0.04, sourceChunks: 0.03, exemplars: 0.03 } as const;

/** Token budgets of the retrieval slots for a context window of a given size. */
export function noteBudgets(contextWindow: number): { memories: number; sourceChunks: number; lore: number; exemplars: number } {
  const of = (share: number) => Math.floor(contextWindow * share);
  return { lore: of(NOTE_SHARES.lore), memories: of(NOTE_SHARES.memories), sourceChunks: of(NOTE_SHARES.sourceChunks), exemplars: of(NOTE_SHARES.exemplars) };
}

/** Share of the window the card's example dialogue may take in the system prompt; longer examples are picked per turn instead. */
export const EXAMPLES_IN_PROMPT_SHARE = 0.12;

/**
 * Wraps a counter with a bounded memo (least recently used entries evicted), so a prompt
 * rebuilt every turn only tokenizes its new parts. Counts stay exact.
 */
export function cachedCounter(counter: TokenCounter, maxEntries = 4096): TokenCounter {
  const memo = new Map<string, number>();
  return {
    id: counter.id,
    count(text: string): number {
      const hit = memo.get(text);
      if (hit !== undefined) {
        memo.delete(text);
        memo.set(text, hit);
        return hit;
      }
      const n = counter.count(text);
      memo.set(text, n);
      if (memo.size > maxEntries) {
        const oldest = memo.keys().next();
        if (!oldest.done) memo.delete(oldest.value);
      }
      return n;
    },
  };
}

/** Exact token counts of a prompt, by part. */
export interface PromptTokens {
  system: number;
  /** Lore entries that fired, wherever they went (system message, this turn's notes, the history). */
  lore: number;
  /** The author's note, where it went in this prompt. */
  authorsNote: number;
  summaries: number;
  retrieved: number;
  /** Template tokens, headings, instructions and the reply header. */
  overhead: number;
  /** Per history message, same index as `PromptContext.history`; 0 for a message left out. */
  turns: number[];
  total: number;
}

/**
 * Counts each segment of a prompt with the real tokenizer. Segments end at token boundaries
 * (ChatML control tokens, line ends), so the parts add up to the count of the whole prompt.
 */
export function measureSegments(segments: readonly PromptSegment[], historyLength: number, counter: TokenCounter): PromptTokens {
  const sums = { system: 0, lore: 0, authorsNote: 0, summaries: 0, retrieved: 0, overhead: 0 };
  const turns = new Array<number>(historyLength).fill(0);
  for (const seg of segments) {
    const n = counter.count(seg.text);
    if (seg.kind === 'turn' && seg.turn !== undefined && seg.turn < historyLength) turns[seg.turn] = (turns[seg.turn] ?? 0) + n;
    else if (seg.kind === 'turn') sums.overhead += n;
    else if (seg.kind === 'authors-note') sums.authorsNote += n;
    else sums[seg.kind] += n;
  }
  const turnTotal = turns.reduce((a, b) => a + b, 0);
  return { ...sums, turns, total: sums.system + sums.lore + sums.authorsNote + sums.summaries + sums.retrieved + sums.overhead + turnTotal };
}

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
  tokens: number;
}

/** A part that is larger than its share, or recent turns that cannot fit at all. */
export type BudgetWarning = 'system-over-share' | 'retrieved-over-share' | 'recent-turns-too-large';

/** The plan for the next prompt; {@link BudgetPlan.summarize} is the summarizer's signal. */
export interface BudgetPlan {
  /** Tokens the prompt may use: window − reply reserve − safety margin. */
  budget: number;
  /** Tokens of the prompt with every unsummarized turn. */
  used: number;
  fits: boolean;
  overflowTokens: number;
  /** How many of the oldest turns must leave the prompt for it to fit now (0 when it fits). */
  overflowTurns: number;
  /** Non-null when turns overflow: summarize this (large) block of the oldest turns at once. */
  summarize: SummarizeSignal | null;
  /** Summaries exceed their share: merge them into a summary of summaries with the next block. */
  summariesOverflow: boolean;
  /** Caps per part; `retrieved` is what the retrieval step may fill this turn. */
  caps: { system: number; retrieved: number; summaries: number; turns: number };
  warnings: BudgetWarning[];
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

  const budget = Math.max(0, window - reserve - margin);
  const fixed = t.system + t.lore + t.authorsNote + t.summaries + t.retrieved + t.overhead;
  const allowance = budget - fixed;
  const turnsTotal = t.turns.reduce((a, b) => a + b, 0);
  const protectedFrom = Math.max(0, t.turns.length - keepRecent);
  const fits = fixed + turnsTotal <= budget;

  const fit = dropUntil(t.turns, 0, protectedFrom, turnsTotal, allowance);
  let summarize: SummarizeSignal | null = null;
  if (!fits) {
    let { k } = dropUntil(t.turns, fit.k, protectedFrom, fit.rest, Math.max(0, lowWater * allowance));
    while (k < protectedFrom && input.roles[k] !== 'user') k++;
    if (k > 0) summarize = { turns: k, tokens: t.turns.slice(0, k).reduce((a, b) => a + b, 0) };
  }
  const share = (part: number) => Math.max(0, Math.floor(budget * part));
  const caps = { system: share(shares.system), retrieved: share(shares.retrieved), summaries: share(shares.summaries), turns: Math.max(0, allowance) };
  const warnings: BudgetWarning[] = [];
  if (t.system > caps.system) warnings.push('system-over-share');
  if (t.retrieved > caps.retrieved) warnings.push('retrieved-over-share');
  if (fit.rest > allowance) warnings.push('recent-turns-too-large');
  return {
    budget,
    used: t.total,
    fits,
    overflowTokens: Math.max(0, t.total - budget),
    overflowTurns: fits ? 0 : fit.k,
    summarize,
    summariesOverflow: t.summaries > caps.summaries,
    caps,
    warnings,
  };
}

/** Budget options other than the measured tokens; `replyReserve` defaults to `ctx.maxTokens`. */
export type PlanOptions = Omit<BudgetInput, 'tokens' | 'roles'>;

/** The measured prompt and its plan. */
export interface PromptPlan {
  tokens: PromptTokens;
  plan: BudgetPlan;
}

/**
 * Measures the prompt `layout` would build for `ctx` (pass a `cachedCounter` for speed) and
 * plans it against the context budget.
 * @throws ValidationError when a reply is asked for and the history does not end with the user's line.
 */
export function planPrompt(layout: LayoutId, ctx: PromptContext, counter: TokenCounter, options: PlanOptions = {}): PromptPlan {
  const tokens = measureSegments(promptSegments(layout, ctx), ctx.history.length, counter);
  const plan = planBudget({ replyReserve: ctx.maxTokens, ...options, tokens, roles: ctx.history.map((m) => m.role) });
  return { tokens, plan };
}
