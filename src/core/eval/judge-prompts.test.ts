import { describe, expect, it } from 'vitest';
import type { CompletionRequest } from '../llm-engine.ts';
import { RUBRICS } from './dimensions.ts';
import { buildPairwiseJudgeRequest, buildSingleJudgeRequest, formatTranscript, type JudgeSubject } from './judge-prompts.ts';
import { personaProfile } from './persona-profile.ts';
import { composerPersona } from './test-fixtures.ts';

const subject: JudgeSubject = {
  characterName: 'Ludwig',
  profile: personaProfile(composerPersona()),
  item: { id: 'b', category: 'boundary', turns: ['What is a smartphone?'], judgeNote: 'He cannot know phones.' },
  exchanges: [{ question: 'What is a smartphone?', answer: 'A smart what?', followUp: false, dodged: true }],
};

const userText = (r: CompletionRequest) => (r.input.kind === 'chat' ? (r.input.messages.at(-1)?.content ?? '') : '');

describe('judge prompts', () => {
  it('formats a transcript with follow-ups marked', () => {
    const text = formatTranscript('Ludwig', [
      { question: 'Q1', answer: 'No.', followUp: false, dodged: true },
      { question: 'Q2', answer: 'Yes, fine.', followUp: true, dodged: false },
    ]);
    expect(text).toBe('Interviewer: Q1\nLudwig: No.\n\nInterviewer (follow-up): Q2\nLudwig: Yes, fine.');
  });

  it('single grading holds profile, note, transcript, the rubric and the score-line instruction', () => {
    const request = buildSingleJudgeRequest(subject, 'knowledgeBoundary', { sampling: { temperature: 0.7, seed: 10 }, sample: 2 });
    const text = userText(request);
    expect(text).toContain('Name: Ludwig');
    expect(text).toContain('He cannot know phones.');
    expect(text).toContain('Ludwig: A smart what?');
    expect(text).toContain(RUBRICS.knowledgeBoundary.title);
    expect(text).toContain(`5 = ${RUBRICS.knowledgeBoundary.levels[4]}`);
    expect(text).toMatch(/First explain your reasons[\s\S]*"Score: N"/);
    expect(request.sampling).toEqual({ temperature: 0.7, seed: 12 });
    expect(request.enableThinking).toBe(false);
  });

  it('pairwise shows the two conversations in the order given', () => {
    const other = [{ question: 'What is a smartphone?', answer: 'A phone with apps.', followUp: false, dodged: false }];
    const text = userText(buildPairwiseJudgeRequest(subject, other, subject.exchanges));
    expect(text.indexOf('A phone with apps.')).toBeLessThan(text.indexOf('A smart what?'));
    expect(text).toContain('[Conversation A]');
    expect(text).toContain('"Verdict: tie"');
  });
});
