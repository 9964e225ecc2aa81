import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { activeSummaries, isCovered, isPromptTurn, type SummaryMemory } from './summary-coverage.ts';

/** Knobs of the summarization policy; every fraction is of `budgetTokens`. */
export interface SummaryPolicyOptions {
  /** The last N turns are never summarized. */
  keepLastTurns: number;
  /** Summarize turns only when summaries + verbatim turns exceed this fraction. */
  triggerFraction: number;
  /** A block is made large enough to bring the total down to this fraction (hysteresis). */
  targetFraction: number;
  /** Summaries may use this fraction; above it the oldest ones are merged one level up. */
  summaryShare: number;
  /** A merge brings the summaries down to this fraction. */
  mergeTargetShare: number;
  /** Most tokens of turns (or summaries) sent in one summarization request. */
  maxInputTokens: number;
  /** Expected length of one summary, for the projections. */
  expectedSummaryTokens: number;
  /** A block stops growing at the target only once it holds this many turns. */
  minBlockTurns: number;
  /** Tokens a turn or summary costs beyond its text (name, quotes, template). */
  overheadTokens: number;
}

/**
 * Defaults for a 4096-token model with a budget of ~2500–3000 tokens for history. A pass starts
 * when the turns overflow and goes on, block by block, until summaries and turns fill 30% of the
 * budget: each pass changes the start of the prompt (one full prefill of the next reply), so the
 * next one should be many turns away (~20 at ~100 tokens a turn).
 */
export const DEFAULT_SUMMARY_POLICY: Readonly<SummaryPolicyOptions> = {
  keepLastTurns: 4,
  triggerFraction: 1,
  targetFraction: 0.3,
  summaryShare: 0.3,
  mergeTargetShare: 0.15,
  maxInputTokens: 2000,
  expectedSummaryTokens: 200,
  minBlockTurns: 4,
  overheadTokens: 6,
};

/** What the policy needs to decide. */
export interface SummaryPolicyInput {
  /** The chat's messages (any order); streaming and empty failed ones are ignored. */
  messages: readonly Message[];
  /** The chat's summary memories (all levels, covered ones included). */
  summaries: readonly Memory[];
  counter: TokenCounter;
  /** Tokens the prompt may spend on summaries plus verbatim turns. */
  budgetTokens: number;
  /** Exact prompt cost of one turn in the chosen layout; default: its text's tokens + overhead. */
  measureTurn?: (message: Message) => number;
  options?: Partial<SummaryPolicyOptions>;
}

interface PlanBase {
  /** Tokens the active summaries and uncovered turns use now. */
  usedTokens: number;
  budgetTokens: number;
}

/** Nothing to summarize: it all fits, or only the protected last turns are left. */
export interface NoSummaryPlan extends PlanBase {
  kind: 'none';
  reason: 'fits' | 'only-recent-turns';
}

/** Summarize this block of the oldest uncovered turns into a level-0 summary. */
export interface TurnBlockPlan extends PlanBase {
  kind: 'turns';
  level: 0;
  range: { fromSeq: number; toSeq: number };
  messages: Message[];
  inputTokens: number;
}

/** Merge these consecutive active summaries into one summary of a higher level. */
export interface MergePlan extends PlanBase {
  kind: 'merge';
  level: number;
  range: { fromSeq: number; toSeq: number };
  summaries: SummaryMemory[];
  inputTokens: number;
}

/** One step of summarization work. */
export type SummaryWork = TurnBlockPlan | MergePlan;
/** The policy's decision. */
export type SummaryPlan = NoSummaryPlan | SummaryWork;

/**
 * Decides the next summarization step (pure; call again after storing its result).
 * First, when the active summaries exceed `summaryShare`, merge the oldest run of the lowest
 * level that has two or more summaries. Otherwise, when summaries + uncovered turns exceed
 * `triggerFraction`, summarize the oldest contiguous block of uncovered turns, large enough
 * to reach `targetFraction` (rare, big blocks), never touching the last `keepLastTurns`
 * turns, preferably ending on the character's reply. Nothing is ever deleted.
 */
export function planSummarization(input: SummaryPolicyInput): SummaryPlan {
  const o = { ...DEFAULT_SUMMARY_POLICY, ...input.options };
  const turns = input.messages.filter(isPromptTurn).sort((a, b) => a.seq - b.seq);
  const active = activeSummaries(input.summaries);
  const summaryCost = new Map(active.map((s) => [s, input.counter.count(s.text) + o.overheadTokens]));
  const turnCost = input.measureTurn ?? ((m: Message) => input.counter.count(m.text) + o.overheadTokens);
  const summaryTokens = sum([...summaryCost.values()]);
  const used = summaryTokens + sum(turns.filter((t) => !isCovered(t.seq, active)).map(turnCost));
  const base = { usedTokens: used, budgetTokens: input.budgetTokens };
  const ctx: PlanContext = { o, turns, active, summaryCost, turnCost, summaryTokens, used, base };

  if (summaryTokens > o.summaryShare * input.budgetTokens) {
    const merge = planMerge(ctx);
    if (merge) return merge;
  }
  if (used <= o.triggerFraction * input.budgetTokens) return { kind: 'none', reason: 'fits', ...base };
  return planBlock(ctx) ?? { kind: 'none', reason: 'only-recent-turns', ...base };
}

interface PlanContext {
  o: SummaryPolicyOptions;
  turns: Message[];
  active: SummaryMemory[];
  summaryCost: Map<SummaryMemory, number>;
  turnCost: (message: Message) => number;
  summaryTokens: number;
  used: number;
  base: PlanBase;
}

function planBlock(ctx: PlanContext): TurnBlockPlan | null {
  const { o, turns, active, turnCost } = ctx;
  const protectedFrom = turns.length - o.keepLastTurns;
  const target = o.targetFraction * ctx.base.budgetTokens;
  const usable = (i: number) => i < protectedFrom && !isCovered(turns[i]?.seq ?? NaN, active);
  let i = turns.findIndex((t) => !isCovered(t.seq, active));
  if (i < 0 || !usable(i)) return null;
  const block: Message[] = [];
  let tokens = 0;
  for (; usable(i); i += 1) {
    const turn = turns[i] as Message;
    const cost = turnCost(turn);
    if (block.length > 0 && tokens + cost > o.maxInputTokens) break;
    block.push(turn);
    tokens += cost;
    const projected = ctx.used - tokens + Math.min(o.expectedSummaryTokens, tokens);
    if (projected <= target && block.length >= o.minBlockTurns) {
      i += 1;
      break;
    }
  }
  const next = turns[i];
  if (block.at(-1)?.role === 'user' && next?.role === 'assistant' && usable(i) && tokens + turnCost(next) <= o.maxInputTokens) {
    block.push(next);
    tokens += turnCost(next);
  }
  const first = block[0] as Message;
  const last = block.at(-1) as Message;
  return { kind: 'turns', level: 0, range: { fromSeq: first.seq, toSeq: last.seq }, messages: block, inputTokens: tokens, ...ctx.base };
}

function planMerge(ctx: PlanContext): MergePlan | null {
  const { o, active, summaryCost } = ctx;
  const counts = new Map<number, number>();
  for (const s of active) counts.set(s.level, (counts.get(s.level) ?? 0) + 1);
  const levels = [...counts].filter(([, n]) => n >= 2).map(([level]) => level);
  const level = levels.length > 0 ? Math.min(...levels) : undefined;
  const start = level === undefined ? 0 : active.findIndex((s) => s.level === level);
  const target = o.mergeTargetShare * ctx.base.budgetTokens;
  const run: SummaryMemory[] = [];
  let tokens = 0;
  for (let i = start; i < active.length; i += 1) {
    const s = active[i] as SummaryMemory;
    const previous = run.at(-1);
    const cost = summaryCost.get(s) ?? 0;
    if (level !== undefined && s.level !== level) break;
    if (previous && !gapFree(ctx, previous, s)) break;
    if (run.length >= 2 && (ctx.summaryTokens - tokens + o.expectedSummaryTokens <= target || tokens + cost > o.maxInputTokens)) break;
    run.push(s);
    tokens += cost;
  }
  if (run.length < 2) return null;
  const first = run[0] as SummaryMemory;
  const last = run.at(-1) as SummaryMemory;
  return {
    kind: 'merge',
    level: Math.max(...run.map((s) => s.level)) + 1,
    range: { fromSeq: first.range.fromSeq, toSeq: last.range.toSeq },
    summaries: run,
    inputTokens: tokens,
    ...ctx.base,
  };
}

/** True when no uncovered turn lies between two summaries (a merge must not swallow one). */
function gapFree(ctx: PlanContext, a: SummaryMemory, b: SummaryMemory): boolean {
  return !ctx.turns.some((t) => t.seq > a.range.toSeq && t.seq < b.range.fromSeq && !isCovered(t.seq, ctx.active));
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
