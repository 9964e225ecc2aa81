import { describe, expect, it } from 'vitest';
import { parseVerdict } from './verdict-parser.ts';

describe('parseVerdict', () => {
  it.each([
    ['A stays in voice.\nVerdict: A', 'A'],
    ['Reasons.\nVerdict: B', 'B'],
    ['Reasons.\nVerdict: tie', 'tie'],
    ['Reasons.\n**Verdict:** Tie', 'tie'],
    ['Reasons.\nVerdict: Conversation B', 'B'],
    ['Reasons.\nWinner: Response A.', 'A'],
    ['Reasons.\nverdict：A', 'A'],
    ['理由。\n结论：平局', 'tie'],
    ['理由。\n结论：B', 'B'],
    ['Reasons.\nVerdict: A and B are equally good', 'tie'],
    ['Reasons.\nA', 'A'],
    ['Reasons.\n[[B]]', 'B'],
    ['Reasons.\nTie.', 'tie'],
    ['Reasons.\nConversation A is better.', 'A'],
    ['Verdict: B\nOn second thought...\nVerdict: A', 'A'],
    ['<think>Verdict: B</think>\nVerdict: A', 'A'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseVerdict(text)).toBe(expected);
  });

  it.each([
    '',
    'Both have merits.',
    'Verdict: a tie-breaker is hard',
    'Verdict: A or B, hard to say',
    'Verdict: C',
    'I prefer the second one overall.',
    'Verdict: the first',
  ])('returns null for %j', (text) => {
    expect(parseVerdict(text)).toBeNull();
  });
});
