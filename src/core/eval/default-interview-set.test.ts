import { describe, expect, it } from 'vitest';
import { buildDefaultInterviewSet, relationshipNames } from './default-interview-set.ts';
import { INTERVIEW_CATEGORIES, MAX_INTERVIEW_TURNS } from './interview-set.ts';
import { composerPersona } from './test-fixtures.ts';
import { validateInterviewSet } from './validate-interview-set.ts';

describe('buildDefaultInterviewSet', () => {
  it('covers every category and passes validation', () => {
    const set = buildDefaultInterviewSet(composerPersona());
    expect(new Set(set.items.map((i) => i.category))).toEqual(new Set(INTERVIEW_CATEGORIES));
    expect(validateInterviewSet(set)).toEqual(set);
    expect(set.items.every((i) => i.turns.length <= MAX_INTERVIEW_TURNS)).toBe(true);
  });

  it('uses the persona: relationship names, unknowable topics and a fake relative', () => {
    const set = buildDefaultInterviewSet(composerPersona());
    const text = (id: string) => set.items.find((i) => i.id === id)?.turns.join(' ');
    expect(text('relationships-person-1')).toContain('Karl');
    expect(text('relationships-person-2')).toContain('Johann');
    expect(text('boundary-topic-1')).toContain('programming');
    expect(text('boundary-topic-2')).toContain('smartphones');
    expect(set.items.find((i) => i.id === 'boundary-topic-1')?.judgeNote).toContain('Vienna, 1805');
    expect(set.items.find((i) => i.id === 'boundary-false-relative')?.boundary).toEqual({ kind: 'false-relationship', topic: 'Eleanor Vance' });
  });

  it('never uses a fake relative that the persona really has', () => {
    const persona = composerPersona();
    persona.attributes.relationships = 'Eleanor Vance: my real sister';
    const set = buildDefaultInterviewSet(persona);
    expect(set.items.find((i) => i.id === 'boundary-false-relative')?.turns[0]).toContain('Tobias Wren');
  });

  it('writes Chinese questions for a Chinese persona', () => {
    const set = buildDefaultInterviewSet(composerPersona({ language: 'zh', name: '贝多芬', boundary: { era: '1805', knows: '', cannotKnow: ['编程'] } }));
    expect(set.language).toBe('zh');
    expect(set.title).toBe('贝多芬 访谈');
    expect(set.items.find((i) => i.id === 'boundary-topic-1')?.turns[0]).toBe('你能给我讲讲编程吗？你会怎么用它？');
    expect(set.items.find((i) => i.id === 'memory-trip')?.expectedRecall).toEqual(['杭州', '蜂蜜']);
  });

  it('skips person and topic templates when the persona has none', () => {
    const persona = composerPersona();
    persona.attributes.relationships = '';
    persona.boundary.cannotKnow = [];
    const ids = buildDefaultInterviewSet(persona).items.map((i) => i.id);
    expect(ids.some((id) => id.startsWith('relationships-person'))).toBe(false);
    expect(ids.some((id) => id.startsWith('boundary-topic'))).toBe(false);
    expect(ids).toContain('boundary-invented-event');
  });
});

describe('relationshipNames', () => {
  it('takes the head of each clause', () => {
    expect(relationshipNames('Anna: my sister; Karl — rival\nMarie (friend)', 5)).toEqual(['Anna', 'Karl', 'Marie']);
    expect(relationshipNames('王二：哥哥；李四，朋友', 5)).toEqual(['王二', '李四']);
    expect(relationshipNames('A: x; B: y; C: z', 2)).toEqual(['A', 'B']);
  });
});
