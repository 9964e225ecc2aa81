import type { JudgeDimension } from '../../core/eval/dimensions.ts';
import type { InterviewCategory } from '../../core/eval/interview-set.ts';
import type { RunStatus } from '../../core/eval/run-state.ts';

/** Display names of the interview categories. */
export const CATEGORY_LABELS: Readonly<Record<InterviewCategory, string>> = {
  identity: 'Identity',
  relationships: 'Relationships',
  values: 'Values',
  experiences: 'Experiences',
  style: 'Style probe',
  memory: 'Memory probe',
  boundary: 'Boundary probe',
};

/** Display names of the judged dimensions. */
export const DIMENSION_LABELS: Readonly<Record<JudgeDimension, string>> = {
  consistency: 'Consistency',
  humanLikeness: 'Human-likeness',
  engagement: 'Engagement',
  quality: 'Quality',
  safety: 'Safety',
  knowledgeBoundary: 'Knowledge boundary',
  memory: 'Memory',
};

/** Display names of a run's status. */
export const STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  pending: 'Not started',
  running: 'Stopped (page closed)',
  cancelled: 'Cancelled',
  failed: 'Stopped by an error',
  done: 'Finished',
};
