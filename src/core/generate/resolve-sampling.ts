import { ValidationError } from '../errors/index.ts';
import { QWEN_SAMPLING_DEFAULTS, type SamplingOptions } from '../sampling.ts';

/** Sampling options ready for a request, plus the thinking switch. */
export interface ResolvedSampling {
  sampling: QwenSampling;
  /** Always false: role-play never uses Qwen3 thinking (it costs tokens and breaks quote mode). */
  enableThinking: false;
}

/** Sampling options with every field of the Qwen defaults set. */
export type QwenSampling = SamplingOptions & { -readonly [K in keyof typeof QWEN_SAMPLING_DEFAULTS]: number };

type Range = { min: number; max: number; minExclusive?: boolean; integer?: boolean };

const RANGES: Record<keyof SamplingOptions, Range> = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1, minExclusive: true },
  topK: { min: 0, max: 1000, integer: true },
  repetitionPenalty: { min: 0, max: 2, minExclusive: true },
  presencePenalty: { min: -2, max: 2 },
  frequencyPenalty: { min: -2, max: 2 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
};

function checkRange(key: keyof SamplingOptions, value: number): void {
  const r = RANGES[key];
  const low = r.minExclusive ? value <= r.min : value < r.min;
  if (!Number.isFinite(value) || low || value > r.max || (r.integer && !Number.isInteger(value))) {
    const bound = `${r.minExclusive ? 'above' : 'at least'} ${r.min} and at most ${r.max}`;
    const boundZh = `${r.integer ? '是整数，且' : ''}${r.minExclusive ? '大于' : '不小于'} ${r.min}、不大于 ${r.max}`;
    throw new ValidationError('invalid', `The persona's sampling setting "${key}" is ${value}; it must be ${r.integer ? 'a whole number ' : ''}${bound}. Fix it in the persona's generation settings.`, {
      zh: `角色的采样设置“${key}”为 ${value}；它必须${boundZh}。请在角色的生成设置中修正。`,
    });
  }
}

/**
 * Sampling for a role-play reply: {@link QWEN_SAMPLING_DEFAULTS} overridden by every value the
 * persona sets (unset or `undefined` fields keep the default). The model id is accepted so a
 * family-specific default can be added; today all Qwen models share the defaults, and thinking
 * is disabled for every model.
 * @throws ValidationError when a persona value is out of range (e.g. temperature 5).
 */
export function resolveSampling(persona: SamplingOptions, _modelId: string): ResolvedSampling {
  const sampling: QwenSampling = { ...QWEN_SAMPLING_DEFAULTS };
  for (const key of Object.keys(RANGES) as (keyof SamplingOptions)[]) {
    const value = persona[key];
    if (value === undefined) continue;
    checkRange(key, value);
    sampling[key] = value;
  }
  return { sampling, enableThinking: false };
}
