import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { defaultAblations, FULL_FLAGS, validateConfigurations, type EvalConfiguration } from './configurations.ts';

describe('ablation configurations', () => {
  it('starts with the full pipeline and switches off exactly one feature each', () => {
    const configs = defaultAblations();
    expect(configs.map((c) => c.id)).toEqual(['full', 'no-quote', 'no-extract', 'no-memory', 'no-style', 'no-exemplars']);
    expect(configs[0]?.flags).toEqual(FULL_FLAGS);
    for (const c of configs.slice(1)) {
      expect(Object.values(c.flags).filter((on) => !on)).toHaveLength(1);
    }
    expect(configs[1]?.flags.quoteMode).toBe(false);
    expect(configs[2]?.flags.extract).toBe(false);
    expect(() => validateConfigurations(configs)).not.toThrow();
  });

  it('rejects empty lists, duplicate ids and missing flags', () => {
    expect(() => validateConfigurations([])).toThrow(ValidationError);
    const full = defaultAblations()[0] as EvalConfiguration;
    expect(() => validateConfigurations([full, full])).toThrow(/share the id/);
    expect(() => validateConfigurations([{ ...full, id: 'a b' }])).toThrow(/id/);
    const broken = { ...full, flags: { ...full.flags, memory: 'yes' } } as unknown as EvalConfiguration;
    expect(() => validateConfigurations([broken])).toThrow(/"memory"/);
  });
});
