import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { SUMMARY_LIMITS } from './scene-summary.ts';
import { parseSceneSummary } from './summary-parser.ts';

const json = JSON.stringify({
  topic: 'Planning the trip to Paris',
  facts: ['Alice booked the 9:40 train', 'Tom will join later'],
  promises: ['Me promised to bring the map'],
  names: ['Alice', 'Tom', 'Paris'],
  numbers: ['9:40 (train time)'],
});

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.code;
    throw error;
  }
  return 'no error';
}

describe('parseSceneSummary', () => {
  it('parses fenced JSON and leaves speakers to the caller', () => {
    const summary = parseSceneSummary('Here you go:\n```json\n' + json + '\n```');
    expect(summary).toEqual({
      speakers: [],
      topic: 'Planning the trip to Paris',
      facts: ['Alice booked the 9:40 train', 'Tom will join later'],
      promises: ['Me promised to bring the map'],
      names: ['Alice', 'Tom', 'Paris'],
      numbers: ['9:40 (train time)'],
    });
  });

  it('coerces loose but unambiguous shapes: a string for a list, numbers as items, missing lists', () => {
    const summary = parseSceneSummary('{"topic":"Tea","facts":"They drank tea.","numbers":[3, "4 cups"]}');
    expect(summary.facts).toEqual(['They drank tea.']);
    expect(summary.numbers).toEqual(['3', '4 cups']);
    expect(summary.promises).toEqual([]);
  });

  it('cleans whitespace, removes duplicates and clips to the limits', () => {
    const long = 'x'.repeat(SUMMARY_LIMITS.itemChars + 50);
    const facts = Array.from({ length: 30 }, (_, i) => `fact ${i}`);
    const summary = parseSceneSummary(JSON.stringify({ topic: '  a\n topic ', facts: [long, 'dup', 'DUP', ...facts], names: [] }));
    expect(summary.topic).toBe('a topic');
    expect(summary.facts).toHaveLength(SUMMARY_LIMITS.items.facts);
    expect([...(summary.facts[0] ?? '')]).toHaveLength(SUMMARY_LIMITS.itemChars);
    expect(summary.facts[0]?.endsWith('…')).toBe(true);
    expect(summary.facts.filter((f) => f.toLowerCase() === 'dup')).toHaveLength(1);
  });

  it('falls back to labelled lines (English, markdown bold, bullets)', () => {
    const reply = [
      '**Topic:** Planning the trip',
      'Facts: Alice booked the train; Tom joins later',
      '- Alice paid 1,200 yuan',
      'Promises: none',
      'Names: Alice, Tom',
      'Numbers: 1,200 yuan, 9:40',
      'Some closing remark: ignored',
    ].join('\n');
    const summary = parseSceneSummary(reply);
    expect(summary.topic).toBe('Planning the trip');
    expect(summary.facts).toEqual(['Alice booked the train', 'Tom joins later', 'Alice paid 1,200 yuan']);
    expect(summary.promises).toEqual([]);
    expect(summary.names).toEqual(['Alice', 'Tom']);
    expect(summary.numbers).toEqual(['1,200 yuan', '9:40']);
  });

  it('falls back to labelled lines in Chinese', () => {
    const summary = parseSceneSummary('话题：去巴黎的计划\n要点：爱丽丝订了火车票；汤姆晚点到\n名字：爱丽丝、汤姆\n数字：9点40分');
    expect(summary.topic).toBe('去巴黎的计划');
    expect(summary.facts).toEqual(['爱丽丝订了火车票', '汤姆晚点到']);
    expect(summary.names).toEqual(['爱丽丝', '汤姆']);
    expect(summary.numbers).toEqual(['9点40分']);
  });

  it('unwraps a summary nested in one extra object', () => {
    expect(parseSceneSummary('{"scene_summary": {"topic": "Tea", "facts": ["They drank tea"]}}').topic).toBe('Tea');
  });

  it('rejects garbage with a typed error instead of guessing', () => {
    expect(codeOf(() => parseSceneSummary('The scene was nice and they talked.'))).toBe('bad-json');
    expect(codeOf(() => parseSceneSummary('{"summary": "they talked"}'))).toBe('wrong-type');
    expect(codeOf(() => parseSceneSummary('{"topic": "", "facts": []}'))).toBe('invalid');
    expect(codeOf(() => parseSceneSummary(''))).toBe('empty');
  });
});
