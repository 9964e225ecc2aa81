/** Default token budgets of the retrieval slots, as shares of the model's context window size. */
import type { RetrievalBudgets } from './retrieval-types.ts';

/**
 * Shares of the context window: memories 8 %, source chunks 8 %, lore 10 %, exemplars 10 %
 * (about 1,470 of 4,096 tokens in all), leaving the rest to the system prompt, history and reply.
 */
export const DEFAULT_BUDGET_SHARES: Readonly<RetrievalBudgets> = {
  memories: 0.08,
  sourceChunks: 0.08,
  lore: 0.1,
  exemplars: 0.1,
};

/** Budgets for a context window of `contextTokens`. */
export function defaultRetrievalBudgets(contextTokens: number, shares: RetrievalBudgets = DEFAULT_BUDGET_SHARES): RetrievalBudgets {
  const of = (share: number): number => Math.max(0, Math.floor(contextTokens * share));
  return {
    memories: of(shares.memories),
    sourceChunks: of(shares.sourceChunks),
    lore: of(shares.lore),
    exemplars: of(shares.exemplars),
  };
}
