import type { JudgeDimension } from '../../core/eval/dimensions.ts';
import type { InterviewCategory } from '../../core/eval/interview-set.ts';
import type { RunStatus } from '../../core/eval/run-state.ts';
import { t, type PlainKey } from '../i18n/index.ts';

const CATEGORY_KEYS: Readonly<Record<InterviewCategory, PlainKey>> = {
  identity: 'eval.category.identity',
  relationships: 'eval.category.relationships',
  values: 'eval.category.values',
  experiences: 'eval.category.experiences',
  style: 'eval.category.style',
  memory: 'eval.category.memory',
  boundary: 'eval.category.boundary',
};

const DIMENSION_KEYS: Readonly<Record<JudgeDimension, PlainKey>> = {
  consistency: 'eval.dimension.consistency',
  humanLikeness: 'eval.dimension.humanLikeness',
  engagement: 'eval.dimension.engagement',
  quality: 'eval.dimension.quality',
  safety: 'eval.dimension.safety',
  knowledgeBoundary: 'eval.dimension.knowledgeBoundary',
  memory: 'eval.dimension.memory',
  correctness: 'eval.dimension.correctness',
  overall: 'eval.dimension.overall',
};

const STATUS_KEYS: Readonly<Record<RunStatus, PlainKey>> = {
  pending: 'eval.status.pending',
  running: 'eval.status.running',
  cancelled: 'eval.status.cancelled',
  failed: 'eval.status.failed',
  done: 'eval.status.done',
};

/** The built-in configurations (full pipeline and one-click ablations) by id. */
const CONFIGURATION_KEYS: Readonly<Record<string, PlainKey>> = {
  full: 'eval.config.full',
  'no-quote': 'eval.config.no-quote',
  'no-extract': 'eval.config.no-extract',
  'no-memory': 'eval.config.no-memory',
  'no-style': 'eval.config.no-style',
  'no-exemplars': 'eval.config.no-exemplars',
};

/** Display name of an interview category, in the interface language. */
export function categoryLabel(category: InterviewCategory): string {
  return t(CATEGORY_KEYS[category]);
}

/** Display name of a judged dimension, in the interface language. */
export function dimensionLabel(dimension: JudgeDimension): string {
  return t(DIMENSION_KEYS[dimension]);
}

/** Display name of a run's status, in the interface language. */
export function statusLabel(status: RunStatus): string {
  return t(STATUS_KEYS[status]);
}

/** Display name of a configuration: a built-in one in the interface language, any other by its saved label. */
export function configurationLabel(configuration: { id: string; label: string }): string {
  const key = CONFIGURATION_KEYS[configuration.id];
  return key ? t(key) : configuration.label;
}
