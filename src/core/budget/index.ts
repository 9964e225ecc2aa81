export {
  DEFAULT_CONTEXT_WINDOW,
  DEFAULT_KEEP_RECENT,
  DEFAULT_LOW_WATER,
  DEFAULT_REPLY_RESERVE,
  DEFAULT_SAFETY_MARGIN,
  DEFAULT_SHARES,
  type BudgetShares,
} from './budget-defaults.ts';
export { cachedCounter } from './cached-counter.ts';
export { measureSegments, type PromptTokens } from './measure-prompt.ts';
export { planBudget, type BudgetInput, type BudgetPlan, type BudgetWarning, type SummarizeSignal } from './plan-budget.ts';
export { planPrompt, type PlanOptions, type PromptPlan } from './plan-prompt.ts';
export { sumTokens, tokenCount, type TokenCount } from './token-count.ts';
