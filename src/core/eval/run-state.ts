import type { CalibrationMeasurement } from './calibrate-judge.ts';
import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { FinishReason } from '../llm-engine.ts';
import type { SamplingOptions } from '../sampling.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import { validateConfigurations, type EvalConfiguration } from './configurations.ts';
import { isJudgeDimension, type JudgeDimension } from './dimensions.ts';
import type { InterviewSet } from './interview-set.ts';
import { checkRatedChats } from './check-rated-chats.ts';
import type { RatedChat } from './rated-chat.ts';
import { personaProfile, type ProfileFields } from './persona-profile.ts';
import type { ScoreParse } from './score-parser.ts';
import { validateInterviewSet } from './validate-interview-set.ts';
import type { Verdict } from './verdict-parser.ts';
import { MAX_INTERVIEWER_FOLLOW_UPS, type InterviewerSettings } from './interviewer.ts';
import { PAIRWISE_AGGREGATIONS, type PairwiseAggregation } from './pairwise-outcome.ts';

/** How the judge is used in a run. */
export interface JudgeSettings {
  /** Samples per (item, dimension), averaged: k (1–10). */
  samples: number;
  /** Verdicts per order of each pairwise comparison (1–10; absent in runs saved before: 1). New runs use k. */
  pairwiseSamples?: number;
  /** How the verdicts of both orders make an outcome (absent: `agree`, a win only when both orders agree). */
  aggregation?: PairwiseAggregation;
  /** The hand-labelled calibration examples of the set's language are shown to the judge (absent: off). */
  calibration?: boolean;
  /** The judge's last *Calibrate judge* measurement before the run (same judge, the set's language), reported with it; absent: none. */
  calibrationCheck?: CalibrationMeasurement;
  /** Only these dimensions are judged (default: every dimension an item asks for). */
  dimensions?: JudgeDimension[];
  sampling?: SamplingOptions;
  maxTokens?: number;
  /** Shown in the report, e.g. the judge model's name. */
  label?: string;
}

/** Everything a run needs, snapshotted so a saved run resumes without the persona. */
export interface EvalPlan {
  set: InterviewSet;
  configurations: EvalConfiguration[];
  character: { name: string; profile: string; catchphrases: string[] };
  judge: JudgeSettings;
  /** Configuration pairs compared head-to-head, `[a, b]`. */
  pairs: Array<[string, string]>;
  /** The user's rated chats the judge also grades, on the dimensions the user rated (for judge–user agreement). */
  chats?: RatedChat[];
  /** Who asks the follow-ups (absent in runs saved before: the script). */
  interviewer?: InterviewerSettings;
}

/** One configuration's answers to one interview item. */
export interface TranscriptRecord {
  configurationId: string;
  itemId: string;
  exchanges: InterviewExchange[];
}

/** One judge sample; `result` is a score or recorded-unparseable, with the judge's raw text. */
export interface JudgementRecord {
  configurationId: string;
  itemId: string;
  dimension: JudgeDimension;
  sample: number;
  raw: string;
  finishReason: FinishReason;
  result: ScoreParse;
  /** What the judge quoted on `Evidence:` lines (dimensions that ask for it, e.g. correctness). */
  evidence?: string[];
}

/** One judge sample of one of the user's rated chats on one dimension. */
export interface ChatJudgementRecord {
  chatId: string;
  dimension: JudgeDimension;
  sample: number;
  raw: string;
  finishReason: FinishReason;
  result: ScoreParse;
  evidence?: string[];
}

/** One order of a pairwise comparison: `ab` shows configuration a as "A", `ba` shows b as "A". */
export interface ComparisonRecord {
  a: string;
  b: string;
  itemId: string;
  order: 'ab' | 'ba';
  /** 0-based sample of this order (absent in runs saved before: 0). */
  sample?: number;
  raw: string;
  /** As written by the judge (in shown order); null when unparseable. */
  verdict: Verdict | null;
}

/** Where a run stands. */
export type RunStatus = 'pending' | 'running' | 'cancelled' | 'failed' | 'done';

/** The whole, JSON-serialisable state of an evaluation run; save it to resume later. */
export interface EvalRunState {
  schema: 'egos-eval-run';
  version: 1;
  id: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  /**
   * Why the run stopped, when status is `failed`: the English message and, when the error had
   * one, the message the interface shows (runs saved by earlier versions may hold a `zh` text instead).
   */
  error?: { code: string; message: string; text?: Message };
  plan: EvalPlan;
  /** Keyed by task key (see run-tasks.ts). */
  transcripts: Record<string, TranscriptRecord>;
  judgements: Record<string, JudgementRecord>;
  comparisons: Record<string, ComparisonRecord>;
  /** Judge samples of the plan's rated chats (absent in runs without any). */
  chatJudgements?: Record<string, ChatJudgementRecord>;
}

/** What {@link createRunState} needs. */
export interface NewRunInput {
  persona: ProfileFields;
  set: InterviewSet;
  configurations: EvalConfiguration[];
  judge?: Partial<JudgeSettings>;
  /** Default: every other configuration against the first one. */
  pairs?: Array<[string, string]>;
  /** The user's rated chats to judge too. */
  chats?: RatedChat[];
  /** Who asks the follow-ups (default: the script). */
  interviewer?: InterviewerSettings;
}

const MAX_SAMPLES = 10;
const INTERVIEWER_ENGINES: ReadonlySet<string> = new Set(['script', 'answering', 'judge']);

function checkSamples(samples: unknown): number {
  if (!Number.isInteger(samples) || (samples as number) < 1 || (samples as number) > MAX_SAMPLES) {
    throw new ValidationError('invalid', msg('eval.error.samples', { max: MAX_SAMPLES }));
  }
  return samples as number;
}

/** Checks the pairwise aggregation and the interviewer of a new run. */
function checkOptions(input: NewRunInput): void {
  const aggregation = input.judge?.aggregation;
  if (aggregation !== undefined && !PAIRWISE_AGGREGATIONS.includes(aggregation)) {
    throw new ValidationError('invalid', msg('eval.error.aggregation', { value: String(aggregation) }));
  }
  const interviewer = input.interviewer;
  if (interviewer === undefined) return;
  if (!INTERVIEWER_ENGINES.has(interviewer.engine)) {
    throw new ValidationError('invalid', msg('eval.error.interviewer', { value: String(interviewer.engine) }));
  }
  const n = interviewer.maxFollowUps;
  if (!Number.isInteger(n) || n < 1 || n > MAX_INTERVIEWER_FOLLOW_UPS) {
    throw new ValidationError('invalid', msg('eval.error.interviewerTurns', { max: MAX_INTERVIEWER_FOLLOW_UPS }));
  }
}

function checkPairs(pairs: Array<[string, string]>, ids: Set<string>): void {
  for (const [a, b] of pairs) {
    if (!ids.has(a) || !ids.has(b) || a === b) {
      throw new ValidationError('invalid', msg('eval.error.pair', { a, b }));
    }
  }
}

/**
 * A fresh run (status `pending`, nothing done) after validating its inputs.
 * @throws ValidationError (`invalid`) for a bad interview set, configuration list, sample count,
 * dimension, pair, pairwise aggregation or interviewer.
 */
export function createRunState(input: NewRunInput, options: { id?: string; now?: number } = {}): EvalRunState {
  const set = validateInterviewSet(input.set);
  validateConfigurations(input.configurations);
  const samples = checkSamples(input.judge?.samples ?? 1);
  const pairwiseSamples = checkSamples(input.judge?.pairwiseSamples ?? samples);
  checkOptions(input);
  const dims = input.judge?.dimensions;
  if (dims && (dims.length === 0 || !dims.every(isJudgeDimension))) {
    throw new ValidationError('invalid', msg('eval.error.dimensions'));
  }
  const ids = input.configurations.map((c) => c.id);
  const pairs = input.pairs ?? ids.slice(1).map((id): [string, string] => [id, ids[0] ?? '']);
  checkPairs(pairs, new Set(ids));
  const chats = input.chats && input.chats.length > 0 ? checkRatedChats(input.chats) : undefined;
  const now = options.now ?? Date.now();
  return {
    schema: 'egos-eval-run',
    version: 1,
    id: options.id ?? globalThis.crypto.randomUUID(),
    createdAt: now,
    updatedAt: now,
    status: 'pending',
    plan: {
      set,
      configurations: structuredClone(input.configurations),
      character: { name: input.persona.name, profile: personaProfile(input.persona), catchphrases: [...input.persona.behaviours.catchphrases] },
      judge: { ...structuredClone(input.judge ?? {}), samples, pairwiseSamples },
      pairs,
      ...(chats ? { chats } : {}),
      ...(input.interviewer ? { interviewer: { ...input.interviewer } } : {}),
    },
    transcripts: {},
    judgements: {},
    comparisons: {},
    ...(chats ? { chatJudgements: {} } : {}),
  };
}

/**
 * Checks that a stored value is a run state this version can resume.
 * @throws ValidationError (`unsupported` or `invalid`) when it is not.
 */
export function assertRunState(value: unknown): EvalRunState {
  const v = value as Partial<EvalRunState> | null;
  if (typeof v !== 'object' || v === null || v.schema !== 'egos-eval-run') {
    throw new ValidationError('invalid', msg('eval.error.notRun'));
  }
  if (v.version !== 1) {
    throw new ValidationError('unsupported', msg('eval.error.otherVersion'));
  }
  if (!v.plan || typeof v.transcripts !== 'object' || typeof v.judgements !== 'object' || typeof v.comparisons !== 'object') {
    throw new ValidationError('invalid', msg('eval.error.incomplete'));
  }
  validateInterviewSet(v.plan.set);
  validateConfigurations(v.plan.configurations);
  if (v.plan.chats !== undefined) checkRatedChats(v.plan.chats);
  if (v.chatJudgements !== undefined && (typeof v.chatJudgements !== 'object' || v.chatJudgements === null)) {
    throw new ValidationError('invalid', msg('eval.error.incomplete'));
  }
  return v as EvalRunState;
}
