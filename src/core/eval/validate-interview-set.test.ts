import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { ValidationError } from '../errors/index.ts';
import { validateInterviewSet } from './validate-interview-set.ts';

const valid = () => ({
  version: 1,
  id: 'mine',
  title: 'My set',
  language: 'en',
  items: [{ id: 'q1', category: 'identity', turns: ['  Who are you?  '], extra: 'dropped' }],
});

function problem(mutate: (set: ReturnType<typeof valid> & Record<string, unknown>) => void): string {
  const set = valid() as ReturnType<typeof valid> & Record<string, unknown>;
  mutate(set);
  try {
    validateInterviewSet(set);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).message;
  }
  throw new Error('expected a ValidationError');
}

describe('validateInterviewSet', () => {
  it('returns a clean copy: trimmed turns, unknown fields dropped', () => {
    expect(validateInterviewSet(valid())).toEqual({
      version: 1,
      id: 'mine',
      title: 'My set',
      language: 'en',
      items: [{ id: 'q1', category: 'identity', turns: ['Who are you?'] }],
    });
  });

  it('keeps optional fields that are valid', () => {
    const set = valid();
    Object.assign(set.items[0] as object, {
      followUps: false,
      dimensions: ['memory', 'memory', 'quality'],
      expectedRecall: ['Lisbon'],
      boundary: { kind: 'anachronism', topic: 'radio' },
      judgeNote: 'note',
    });
    const item = validateInterviewSet(set).items[0];
    expect(item).toMatchObject({
      followUps: false,
      dimensions: ['memory', 'quality'],
      expectedRecall: ['Lisbon'],
      boundary: { kind: 'anachronism', topic: 'radio' },
    });
  });

  it.each<[string, (s: ReturnType<typeof valid> & Record<string, unknown>) => void, RegExp]>([
    ['no items', (s) => (s.items = []), /no items/],
    ['bad version', (s) => (s.version = 2), /version/],
    ['bad language', (s) => (s.language = 'fr'), /language/],
    ['bad item id', (s) => ((s.items[0] as { id: string }).id = 'a|b'), /id/],
    ['duplicate ids', (s) => s.items.push(structuredClone(s.items[0] as (typeof s.items)[number])), /share the id "q1"/],
    ['unknown category', (s) => ((s.items[0] as { category: string }).category = 'gossip'), /unknown category/],
    ['empty turns', (s) => ((s.items[0] as { turns: string[] }).turns = ['  ']), /no question/],
    ['six turns', (s) => ((s.items[0] as { turns: string[] }).turns = ['1', '2', '3', '4', '5', '6']), /at most 5/],
    ['unknown dimension', (s) => Object.assign(s.items[0] as object, { dimensions: ['charisma'] }), /dimensions/],
    ['bad boundary', (s) => Object.assign(s.items[0] as object, { boundary: { kind: 'time-travel' } }), /boundary probe/],
  ])('rejects %s', (_name, mutate, message) => {
    expect(problem(mutate)).toMatch(message);
  });

  it('names the item in the language of the interface', () => {
    const set = valid() as ReturnType<typeof valid> & Record<string, unknown>;
    (set.items[0] as { turns: string[] }).turns = ['1', '2', '3', '4', '5', '6'];
    let error: unknown;
    try {
      validateInterviewSet(set);
    } catch (caught) {
      error = caught;
    }
    if (!(error instanceof ValidationError)) throw new Error('expected a ValidationError');
    expect(error.message).toBe('interview item 1 ("q1") has 6 turns; an interview has at most 5. Split it into two items.');
    expect(inChinese(error)).toBe('第 1 个采访项目（“q1”）有 6 轮问题，一次采访最多 5 轮。请把它拆成两个项目。');
  });
});
