import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { QWEN_SAMPLING_DEFAULTS } from '../sampling.ts';
import { resolveSampling } from './resolve-sampling.ts';

describe('resolveSampling', () => {
  it('uses the Qwen defaults when the persona sets nothing, and always disables thinking', () => {
    expect(resolveSampling({}, 'Qwen3-1.7B-q4f16_1-MLC')).toEqual({ sampling: { ...QWEN_SAMPLING_DEFAULTS }, enableThinking: false });
    expect(resolveSampling({}, 'Qwen2.5-3B-Instruct-q4f16_1-MLC').enableThinking).toBe(false);
  });

  it('lets every persona value override the default, undefined ones keep it', () => {
    const r = resolveSampling({ temperature: 0.9, topK: 40, seed: 7, frequencyPenalty: 0.2, topP: undefined }, 'Qwen3-4B');
    expect(r.sampling).toEqual({ ...QWEN_SAMPLING_DEFAULTS, temperature: 0.9, topK: 40, seed: 7, frequencyPenalty: 0.2 });
  });

  it('rejects out-of-range values with a message naming the setting', () => {
    expect(() => resolveSampling({ temperature: 5 }, 'q')).toThrow(ValidationError);
    expect(() => resolveSampling({ topP: 0 }, 'q')).toThrow(/topP/);
    expect(() => resolveSampling({ topK: 2.5 }, 'q')).toThrow(/whole number/);
    expect(() => resolveSampling({ presencePenalty: Number.NaN }, 'q')).toThrow(ValidationError);
  });
});
