import { defaultDimensionsFor, JUDGE_DIMENSIONS, type JudgeDimension } from './dimensions.ts';
import type { InterviewItem } from './interview-set.ts';
import type { RatedChat } from './rated-chat.ts';
import type { EvalPlan, EvalRunState } from './run-state.ts';

/** One unit of work of a run; `key` names its record in the run state. */
export type EvalTask =
  | { kind: 'answer'; key: string; configurationId: string; itemId: string }
  | { kind: 'judge'; key: string; configurationId: string; itemId: string; dimension: JudgeDimension; sample: number }
  | { kind: 'compare'; key: string; a: string; b: string; itemId: string; order: 'ab' | 'ba'; sample: number }
  | { kind: 'judge-chat'; key: string; chatId: string; dimension: JudgeDimension; sample: number };

/** Record key of one configuration's transcript of one item. */
export function answerKey(configurationId: string, itemId: string): string {
  return `answer|${configurationId}|${itemId}`;
}

/** Record key of one judge sample. */
export function judgeKey(configurationId: string, itemId: string, dimension: JudgeDimension, sample: number): string {
  return `judge|${configurationId}|${itemId}|${dimension}|${sample}`;
}

/** Record key of one judge sample of one of the user's rated chats. */
export function chatJudgeKey(chatId: string, dimension: JudgeDimension, sample: number): string {
  return `chat|${chatId}|${dimension}|${sample}`;
}

/** The dimensions the judge grades a rated chat on: those the user rated, in report order. */
export function chatDimensions(chat: RatedChat): JudgeDimension[] {
  return JUDGE_DIMENSIONS.filter((d) => chat.rating.scores[d] !== undefined);
}

/** Record key of one sample of one order of one pairwise comparison (sample 0 keeps the key of runs saved before k applied to comparisons). */
export function compareKey(a: string, b: string, itemId: string, order: 'ab' | 'ba', sample = 0): string {
  return `compare|${a}|${b}|${itemId}|${order}${sample === 0 ? '' : `|${sample}`}`;
}

/** Verdicts per order of a comparison in this plan (runs saved before: 1). */
export function pairwiseSamples(plan: EvalPlan): number {
  return plan.judge.pairwiseSamples ?? 1;
}

/** The dimensions judged for `item` in this plan. */
export function judgedDimensions(plan: EvalPlan, item: InterviewItem): JudgeDimension[] {
  const wanted = item.dimensions ?? defaultDimensionsFor(item.category);
  const only = plan.judge.dimensions;
  return only ? wanted.filter((d) => only.includes(d)) : wanted;
}

/**
 * Every task of a plan in run order: all answers (configuration by configuration), then all
 * judge samples, then those of the user's rated chats, then both orders of every comparison (k samples each). Grouping keeps model swaps rare when the
 * answering and judging models share one GPU.
 */
export function planTasks(plan: EvalPlan): EvalTask[] {
  const items = plan.set.items;
  const configs = plan.configurations.map((c) => c.id);
  const answers = configs.flatMap((c) => items.map((item): EvalTask => ({ kind: 'answer', key: answerKey(c, item.id), configurationId: c, itemId: item.id })));
  const judges = configs.flatMap((c) =>
    items.flatMap((item) =>
      judgedDimensions(plan, item).flatMap((dimension) =>
        Array.from({ length: plan.judge.samples }, (_, sample): EvalTask => ({
          kind: 'judge',
          key: judgeKey(c, item.id, dimension, sample),
          configurationId: c,
          itemId: item.id,
          dimension,
          sample,
        })),
      ),
    ),
  );
  const compares = plan.pairs.flatMap(([a, b]) =>
    items.flatMap((item) =>
      Array.from({ length: pairwiseSamples(plan) }, (_, sample) => sample).flatMap((sample) =>
        (['ab', 'ba'] as const).map((order): EvalTask => ({
          kind: 'compare',
          key: compareKey(a, b, item.id, order, sample),
          a,
          b,
          itemId: item.id,
          order,
          sample,
        })),
      ),
    ),
  );
  const chats = (plan.chats ?? []).flatMap((chat) =>
    chatDimensions(chat).flatMap((dimension) =>
      Array.from({ length: plan.judge.samples }, (_, sample): EvalTask => ({
        kind: 'judge-chat',
        key: chatJudgeKey(chat.chatId, dimension, sample),
        chatId: chat.chatId,
        dimension,
        sample,
      })),
    ),
  );
  return [...answers, ...judges, ...chats, ...compares];
}

/** True when the state already holds the task's record. */
export function isTaskDone(state: EvalRunState, task: EvalTask): boolean {
  if (task.kind === 'answer') return task.key in state.transcripts;
  if (task.kind === 'judge') return task.key in state.judgements;
  if (task.kind === 'judge-chat') return task.key in (state.chatJudgements ?? {});
  return task.key in state.comparisons;
}

/** How much of a run is finished, e.g. to list saved runs. */
export function runProgress(state: EvalRunState): { done: number; total: number } {
  const tasks = planTasks(state.plan);
  return { done: tasks.filter((t) => isTaskDone(state, t)).length, total: tasks.length };
}
