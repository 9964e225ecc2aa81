import type { PromptContext, PromptLayout } from '../generate/prompt-layout.ts';
import type { TokenCounter } from '../token-counter.ts';
import { measureSegments, type PromptTokens } from './measure-prompt.ts';
import { planBudget, type BudgetInput, type BudgetPlan } from './plan-budget.ts';

/** Budget options other than the measured tokens; `replyReserve` defaults to `ctx.maxTokens`. */
export type PlanOptions = Omit<BudgetInput, 'tokens' | 'roles'>;

/** The measured prompt and its plan. */
export interface PromptPlan {
  tokens: PromptTokens;
  plan: BudgetPlan;
}

/**
 * Measures the prompt `layout` would build for `ctx` (pass a `cachedCounter` for speed) and
 * plans it against the context budget. Call it before `layout.build(ctx)`; when
 * `plan.summarize` is set, summarize that block, drop it from `ctx.history`, add the summary
 * to `ctx.summaries` and plan again.
 * @throws ValidationError when the history does not end with the user's new line.
 */
export function planPrompt(layout: PromptLayout, ctx: PromptContext, counter: TokenCounter, options: PlanOptions = {}): PromptPlan {
  const tokens = measureSegments(layout.segments(ctx), ctx.history.length, counter);
  const plan = planBudget({
    replyReserve: ctx.maxTokens,
    ...options,
    tokens,
    roles: ctx.history.map((m) => m.role),
  });
  return { tokens, plan };
}
