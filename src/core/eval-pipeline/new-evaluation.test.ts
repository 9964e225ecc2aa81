import { describe, expect, it } from 'vitest';
import { buildDefaultInterviewSet } from '../eval/default-interview-set.ts';
import { composerPersona } from '../eval/test-fixtures.ts';
import { ValidationError } from '../errors/index.ts';
import { createEvaluation, evaluationConfigurations, sampleInterviewSet } from './new-evaluation.ts';

const persona = composerPersona();
const set = buildDefaultInterviewSet(persona);

describe('evaluationConfigurations', () => {
  it('always starts with the full pipeline and keeps catalogue order', () => {
    expect(evaluationConfigurations([]).map((c) => c.id)).toEqual(['full']);
    expect(evaluationConfigurations(['no-style', 'no-quote']).map((c) => c.id)).toEqual(['full', 'no-quote', 'no-style']);
    expect(evaluationConfigurations(['no-memory'], { model: 'm' })[1]).toMatchObject({
      id: 'no-memory',
      flags: { memory: false, quoteMode: true },
      extra: { model: 'm' },
    });
  });
});

describe('sampleInterviewSet', () => {
  it('takes items round-robin over categories, in their original order', () => {
    const small = sampleInterviewSet(set, 3);
    expect(small.items.map((i) => i.category)).toEqual(['identity', 'relationships', 'values']);
    const seven = sampleInterviewSet(set, 7);
    expect(new Set(seven.items.map((i) => i.category)).size).toBe(7);
    const order = seven.items.map((i) => set.items.indexOf(i));
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('returns a short set unchanged and rejects a bad count', () => {
    expect(sampleInterviewSet(set, 1000)).toBe(set);
    expect(() => sampleInterviewSet(set, 0)).toThrow(ValidationError);
    expect(() => sampleInterviewSet(set, 1.5)).toThrow(/whole number/);
  });
});

describe('createEvaluation', () => {
  it('builds a pending run comparing every ablation with the full pipeline', () => {
    const state = createEvaluation(
      { persona, set: sampleInterviewSet(set, 2), ablationIds: ['no-quote', 'no-extract'], samples: 2, modelLabel: 'qwen', judgeLabel: 'judge' },
      { id: 'r1', now: 5 },
    );
    expect(state).toMatchObject({ id: 'r1', status: 'pending', createdAt: 5 });
    expect(state.plan.pairs).toEqual([
      ['no-quote', 'full'],
      ['no-extract', 'full'],
    ]);
    expect(state.plan.judge).toEqual({ samples: 2, pairwiseSamples: 2, label: 'judge' });
    expect(state.plan.configurations[0]?.extra).toEqual({ model: 'qwen' });
    expect(() => createEvaluation({ persona, set, ablationIds: [], samples: 0 })).toThrow(/Judge samples/);
  });
});
