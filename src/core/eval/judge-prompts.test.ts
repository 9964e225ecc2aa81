import { describe, expect, it } from 'vitest';
import type { CompletionRequest } from '../llm-engine.ts';
import { RUBRICS } from './dimensions.ts';
import {
  buildPairwiseJudgeRequest,
  buildSingleJudgeRequest,
  formatChatTranscript,
  formatTranscript,
  MAX_CHAT_TRANSCRIPT_CHARS,
  type JudgeSubject,
} from './judge-prompts.ts';
import { RUBRICS_ZH } from './rubrics-zh.ts';
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

  it('correctness asks for quoted evidence against the profile and the memories given; other dimensions do not', () => {
    const text = userText(buildSingleJudgeRequest({ ...subject, memories: ['The user plays the violin.'] }, 'correctness'));
    expect(text).toContain('[Memories the character was given]\n- The user plays the violin.');
    expect(text).toContain(RUBRICS.correctness.question);
    expect(text).toMatch(/one line starting with "Evidence:"[\s\S]*"Score: N"/);
    expect(userText(buildSingleJudgeRequest(subject, 'overall'))).not.toContain('Evidence:');
    expect(userText(buildSingleJudgeRequest(subject, 'overall'))).toContain(`[Dimension: ${RUBRICS.overall.title}]`);
  });

  it('a Chinese set gets the Chinese rubric of every dimension', () => {
    const text = userText(buildSingleJudgeRequest({ ...subject, language: 'zh' }, 'correctness'));
    expect(text).toContain(`[Dimension: ${RUBRICS_ZH.correctness.title}]`);
    expect(text).toContain(`5 = ${RUBRICS_ZH.correctness.levels[4]}`);
    expect(Object.keys(RUBRICS_ZH).sort()).toEqual(Object.keys(RUBRICS).sort());
  });

  it("a user's chat is shown as User/character lines, keeping the newest part of a long one", () => {
    const exchanges = Array.from({ length: 200 }, (_, i) => ({
      question: i === 0 ? '' : `Line ${i} ${'x'.repeat(80)}`,
      answer: `Reply ${i}`,
      followUp: false,
      dodged: false,
    }));
    const text = formatChatTranscript('Ludwig', exchanges);
    expect(text.length).toBeLessThanOrEqual(MAX_CHAT_TRANSCRIPT_CHARS + 100);
    expect(text).toMatch(/^\(\d+ earlier exchanges left out\)/);
    expect(text.endsWith(`User: Line 199 ${'x'.repeat(80)}\nLudwig: Reply 199`)).toBe(true);
    expect(formatChatTranscript('Ludwig', exchanges.slice(0, 2))).toBe(`Ludwig: Reply 0\n\nUser: Line 1 ${'x'.repeat(80)}\nLudwig: Reply 1`);
    const request = userText(buildSingleJudgeRequest({ ...subject, item: undefined, exchanges: exchanges.slice(0, 2), source: 'chat' }, 'overall'));
    expect(request).toContain('[Chat]\nLudwig: Reply 0');
    expect(request).not.toContain('[Interview]');
  });
});
