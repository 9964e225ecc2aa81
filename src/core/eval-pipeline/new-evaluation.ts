import type { CalibrationMeasurement } from '../eval/calibrate-judge.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { defaultAblations, type EvalConfiguration } from '../eval/configurations.ts';
import { INTERVIEW_CATEGORIES, type InterviewItem, type InterviewSet } from '../eval/interview-set.ts';
import type { RatedChat } from '../eval/rated-chat.ts';
import { createRunState, type EvalRunState } from '../eval/run-state.ts';
import type { InterviewerSettings } from '../eval/interviewer.ts';
import type { PairwiseAggregation } from '../eval/pairwise-outcome.ts';
import type { Persona } from '../persona/index.ts';

/** Id of the full pipeline, the baseline every ablation is compared with. */
export const FULL_CONFIGURATION_ID = 'full';

/**
 * The configurations to run: always the full pipeline first, then the chosen ablations
 * (ids of `defaultAblations()`, e.g. `no-quote`) in their catalogue order. `extra` is copied
 * into each (e.g. the answering model's name, shown in the report).
 */
export function evaluationConfigurations(ablationIds: readonly string[], extra?: Record<string, unknown>): EvalConfiguration[] {
  return defaultAblations()
    .filter((c) => c.id === FULL_CONFIGURATION_ID || ablationIds.includes(c.id))
    .map((c) => (extra ? { ...c, extra: { ...extra } } : c));
}

/**
 * At most `max` items of a set, taken round-robin over the categories (in report order) and
 * kept in their original order, so a short run still probes identity, memory, boundaries….
 * @throws ValidationError (`invalid`) when `max` is not a whole number of at least 1.
 */
export function sampleInterviewSet(set: InterviewSet, max: number): InterviewSet {
  if (!Number.isInteger(max) || max < 1) {
    throw new ValidationError('invalid', msg('eval.error.questionCount'));
  }
  if (set.items.length <= max) return set;
  const queues = INTERVIEW_CATEGORIES.map((category) => set.items.filter((item) => item.category === category));
  const chosen = new Set<InterviewItem>();
  for (let round = 0; chosen.size < max; round++) {
    for (const queue of queues) {
      const item = queue[round];
      if (item && chosen.size < max) chosen.add(item);
    }
  }
  return { ...set, items: set.items.filter((item) => chosen.has(item)) };
}

/** What a new evaluation run is made of. */
export interface NewEvaluation {
  persona: Persona;
  set: InterviewSet;
  /** Ablations to run next to the full pipeline (ids such as `no-quote`). */
  ablationIds: readonly string[];
  /** Judge samples per item and dimension (k). */
  samples: number;
  /** Shown in the report: the answering model and the judge. */
  modelLabel?: string;
  judgeLabel?: string;
  /** The user's rated chats to judge too (judge–user agreement in the report). */
  chats?: RatedChat[];
  /** How both orders of a comparison make an outcome (default: both must agree). */
  aggregation?: PairwiseAggregation;
  /** Show the judge the hand-graded calibration examples. */
  calibration?: boolean;
  /** The judge's calibration measurement to report with the run. */
  calibrationCheck?: CalibrationMeasurement;
  /** Who asks the follow-ups (default: the script). */
  interviewer?: InterviewerSettings;
}

/**
 * A fresh run state for the persona: full pipeline plus the chosen ablations, each compared
 * head-to-head with the full pipeline (k verdicts per order, combined by `aggregation`).
 * @throws ValidationError (`invalid`) for a bad interview set, sample count, aggregation or interviewer.
 */
export function createEvaluation(input: NewEvaluation, options: { id?: string; now?: number } = {}): EvalRunState {
  const extra = input.modelLabel ? { model: input.modelLabel } : undefined;
  return createRunState(
    {
      persona: input.persona,
      set: input.set,
      configurations: evaluationConfigurations(input.ablationIds, extra),
      judge: {
        samples: input.samples,
        ...(input.judgeLabel ? { label: input.judgeLabel } : {}),
        ...(input.aggregation ? { aggregation: input.aggregation } : {}),
        ...(input.calibration ? { calibration: true } : {}),
        ...(input.calibrationCheck ? { calibrationCheck: structuredClone(input.calibrationCheck) } : {}),
      },
      ...(input.chats ? { chats: input.chats } : {}),
      ...(input.interviewer ? { interviewer: input.interviewer } : {}),
    },
    options,
  );
}
