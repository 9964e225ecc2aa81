import { describe, expect, it } from 'vitest';
import { parseEvidence, parseJudgeScore } from './score-parser.ts';

const score = (n: number) => ({ kind: 'score', score: n });
const bad = (reason: string) => ({ kind: 'unparseable', reason });

describe('parseJudgeScore', () => {
  it.each([
    ['The reply fits the persona well.\nScore: 4', 4],
    ['Reasons...\n\nScore: 5\n', 5],
    ['理由：语气符合人设。\nscore：4', 4],
    ['理由：语气符合人设。\n评分：3分', 3],
    ['Reasons.\n**Score:** 2', 2],
    ['Reasons.\n**Score: 4**', 4],
    ['Reasons.\n## Score: 1', 1],
    ['Reasons.\nScore: 4/5', 4],
    ['Reasons.\nScore: 4 out of 5', 4],
    ['Reasons.\nScore: 3 (out of 5)', 3],
    ['Reasons.\nFinal score = 5.', 5],
    ['Reasons.\nI would give it a score of 2', 2],
    ['Reasons.\n4/5', 4],
    ['Reasons.\n4', 4],
    ['Reasons.\n[[3]]', 3],
    ['Reasons.\nＳｃｏｒｅ：４', 4],
    ['得分为 5', 5],
    ['Rating: 2', 2],
  ])('reads %j as %i', (text, expected) => {
    expect(parseJudgeScore(text)).toEqual(score(expected));
  });

  it('takes the last score line when several appear', () => {
    expect(parseJudgeScore('A score of 5 would need more warmth.\nScore: 3')).toEqual(score(3));
    expect(parseJudgeScore('Score: 2\nOn reflection the voice is right.\nScore: 4')).toEqual(score(4));
  });

  it('ignores a <think> block, including its scores', () => {
    expect(parseJudgeScore('<think>maybe Score: 1</think>\nGood reply.\nScore: 5')).toEqual(score(5));
    expect(parseJudgeScore('<think>Score: 5 probably, still thinking')).toEqual(bad('empty'));
  });

  it.each([
    ['', 'empty'],
    ['   \n  ', 'empty'],
    ['The reply is good and in character.', 'no-score'],
    ['asdf qwerty ###', 'no-score'],
    ['Score: N', 'no-score'],
    ['Score: four', 'no-score'],
    ['It is about a 4 I think', 'no-score'],
    ['Score: 0', 'out-of-range'],
    ['Score: 6', 'out-of-range'],
    ['Score: -1', 'out-of-range'],
    ['Score: 8/10', 'out-of-range'],
    ['Score: 10', 'out-of-range'],
    ['7', 'out-of-range'],
    ['Score: 4.5', 'not-integer'],
    ['Score: 3-4', 'ambiguous'],
    ['评分：3到4分', 'ambiguous'],
  ])('records %j as unparseable (%s), never guessing', (text, reason) => {
    expect(parseJudgeScore(text)).toEqual(bad(reason));
  });

  it('honours another scale when asked', () => {
    expect(parseJudgeScore('Score: 7', 1, 7)).toEqual(score(7));
    expect(parseJudgeScore('Score: 7/7', 1, 7)).toEqual(score(7));
  });
});

describe('parseEvidence', () => {
  it('keeps every "Evidence:" line in order, in English and Chinese, with markdown and list marks removed', () => {
    const text = [
      'The claims check out.',
      '- **Evidence:** "Nine symphonies" — profile: "Achievements: Nine symphonies" (supported)',
      'Evidence 2: "I was born in Bonn" — nothing in the profile covers it',
      '证据：“我有一部手机” —— 边界：“Cannot know about: smartphones”（矛盾）',
      'Score: 3',
    ].join('\n');
    expect(parseEvidence(text)).toEqual([
      '"Nine symphonies" — profile: "Achievements: Nine symphonies" (supported)',
      '"I was born in Bonn" — nothing in the profile covers it',
      '“我有一部手机” —— 边界:“Cannot know about: smartphones”(矛盾)',
    ]);
  });

  it('is empty when the judge quoted nothing, and cuts very long quotes', () => {
    expect(parseEvidence('Fine.\nScore: 4')).toEqual([]);
    const [long] = parseEvidence(`Evidence: ${'a'.repeat(600)}`);
    expect([...(long ?? '')]).toHaveLength(500);
  });
});
