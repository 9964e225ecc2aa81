import { describe, expect, it } from 'vitest';
import { followUpQuestion, isDodge } from './dodge-detector.ts';

describe('dodge detector', () => {
  it.each(['No.', 'Maybe.', 'I do not know', '嗯。', '不知道', "I'd rather not say.", "Let's talk about something else.", '换个话题吧，我不想说这个。'])(
    'flags %j',
    (answer) => expect(isDodge(answer)).toBe(true),
  );

  it.each([
    'My father taught me the piano when I was four.',
    '我四岁那年，父亲就逼着我练琴。',
    "I'd rather not dwell on it, but since you ask: the winter of 1802 nearly broke me, and I wrote my will that year in Heiligenstadt.",
  ])('accepts %j', (answer) => expect(isDodge(answer)).toBe(false));

  it('builds a follow-up in each language', () => {
    expect(followUpQuestion('Who are you?', 'en')).toBe('Please, tell me a bit more. Who are you?');
    expect(followUpQuestion('你是谁？', 'zh')).toBe('能再多说一点吗？你是谁？');
  });
});
