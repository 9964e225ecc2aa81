import type { PromptPlan } from '../budget/plan-prompt.ts';
import { planPrompt } from '../budget/plan-prompt.ts';
import type { BuiltPrompt, PromptContext, PromptLayout } from '../generate/prompt-layout.ts';
import { resolveSampling } from '../generate/resolve-sampling.ts';
import { speakersOf } from '../generate/speakers.ts';
import type { Memory } from '../memory.ts';
import type { Message } from '../message.ts';
import type { Persona } from '../persona.ts';
import { renderPersonaCore } from '../persona/persona-core.ts';
import { activeSummaries, isCovered, isPromptTurn } from '../summarize/summary-coverage.ts';
import type { TokenCounter } from '../token-counter.ts';

/** Inputs of one EGOS prompt. */
export interface EgosPromptInput {
  persona: Persona;
  /** The chat's messages, oldest first, ending with the user's new line (what `layout` expects; a prefill layout takes any). */
  history: readonly Message[];
  /** The chat's summary memories (all levels). */
  summaries: readonly Memory[];
  /** Notes for this turn only (retrieved memories, lore, current mood), within their budget. */
  notes: readonly string[];
  counter: TokenCounter;
  layout: PromptLayout;
  modelId: string;
  contextWindow: number;
  maxTokens: number;
}

/** The built prompt, its budget plan, and how many old turns had to be left out this time. */
export interface EgosPrompt {
  built: BuiltPrompt;
  plan: PromptPlan;
  /** Turns left out of this prompt only because no summary covers them yet. */
  droppedTurns: number;
  /** Sequence numbers of the turns sent verbatim. */
  sentSeqs: number[];
  /**
   * Tokens left for summaries plus verbatim turns once the system prompt, this turn's notes
   * (at least their share) and the template are counted: the Summarize step's budget.
   */
  historyBudget: number;
  /** Exact prompt cost of each uncovered turn, by message seq (same measure as the prompt). */
  turnCost: ReadonlyMap<number, number>;
}

/**
 * Builds the prompt for the character's next reply: the persona core (byte-stable), the
 * scene summaries still in force, every turn they do not cover, and this turn's notes.
 * When the turns overflow the budget (a summary is pending or failed), the oldest ones are
 * left out of this prompt only; storage is never touched.
 * @throws ValidationError when the history does not end with a user line (for the reply
 * layouts) or sampling is invalid.
 */
export function buildEgosPrompt(input: EgosPromptInput): EgosPrompt {
  const { persona, layout, counter } = input;
  const active = activeSummaries(input.summaries);
  const turns = input.history.filter((m) => isPromptTurn(m) && !isCovered(m.seq, active));
  const { sampling } = resolveSampling(persona.sampling, input.modelId);
  const ctx: PromptContext = {
    speakers: speakersOf(persona),
    personaCore: renderPersonaCore(persona),
    modelId: input.modelId,
    summaries: active.map((s) => s.text),
    history: turns,
    retrieved: input.notes,
    sampling,
    maxTokens: input.maxTokens,
  };
  const options = { contextWindow: input.contextWindow };
  let plan = planPrompt(layout, ctx, counter, options);
  const { tokens, plan: full } = plan;
  const historyBudget = full.budget - tokens.system - Math.max(tokens.retrieved, full.caps.retrieved) - tokens.overhead;
  const turnCost = new Map(turns.map((m, i) => [m.seq, tokens.turns[i] ?? 0]));
  let dropped = 0;
  if (!plan.plan.fits && plan.plan.overflowTurns > 0) {
    dropped = Math.min(plan.plan.overflowTurns, Math.max(0, turns.length - 1));
    while (dropped < turns.length - 1 && turns[dropped]?.role !== 'user') dropped++;
    ctx.history = turns.slice(dropped);
    plan = planPrompt(layout, ctx, counter, options);
  }
  return {
    built: layout.build(ctx),
    plan,
    droppedTurns: dropped,
    sentSeqs: ctx.history.map((m) => (m as Message).seq),
    historyBudget: Math.max(0, historyBudget),
    turnCost,
  };
}
