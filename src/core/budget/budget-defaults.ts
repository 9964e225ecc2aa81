/** Context window of the Qwen models WebLLM ships (all 4096); an engine may report another. */
export const DEFAULT_CONTEXT_WINDOW = 4096;

/** Tokens kept free for the reply (its `max_tokens`). */
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
 * rest: every token the other parts do not use. Persona 30% (~1150 tokens at 4096), this turn's
 * retrieved notes 15% (~550), scene summaries 15% (~550; above it they are merged into a
 * summary of summaries).
 */
export interface BudgetShares {
  system: number;
  retrieved: number;
  summaries: number;
}

/** The default shares. */
export const DEFAULT_SHARES: Readonly<BudgetShares> = { system: 0.3, retrieved: 0.15, summaries: 0.15 };
