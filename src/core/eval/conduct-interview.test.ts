import { describe, expect, it } from 'vitest';
import { conductInterview, type AnswerFn, type InterviewExchange } from './conduct-interview.ts';
import type { InterviewItem } from './interview-set.ts';

function scripted(replies: Array<string | { text: string; closedQuote?: boolean; tokens?: number }>) {
  const calls: Array<{ question: string; history: readonly InterviewExchange[]; turnIndex: number }> = [];
  const answer: AnswerFn = async (question, history, context) => {
    calls.push({ question, history, turnIndex: context.turnIndex });
    const reply = replies[calls.length - 1];
    if (reply === undefined) throw new Error('no reply scripted');
    return reply;
  };
  return { answer, calls };
}

const opts = { language: 'en' as const, configurationId: 'full' };

describe('conductInterview', () => {
  it('asks every turn with the history so far and keeps generation flags', async () => {
    const item: InterviewItem = { id: 'm', category: 'memory', turns: ['I have a cat named Miso.', 'What is my cat called?'] };
    const { answer, calls } = scripted([{ text: 'A cat! How lovely, tell me more.', closedQuote: true, tokens: 9 }, 'Your cat is called Miso, of course.']);
    const exchanges = await conductInterview(item, answer, opts);
    expect(exchanges).toEqual([
      { question: 'I have a cat named Miso.', answer: 'A cat! How lovely, tell me more.', followUp: false, dodged: false, closedQuote: true, tokens: 9 },
      { question: 'What is my cat called?', answer: 'Your cat is called Miso, of course.', followUp: false, dodged: false },
    ]);
    expect(calls.map((c) => c.history.length)).toEqual([0, 1]);
    expect(calls.map((c) => c.turnIndex)).toEqual([0, 1]);
  });

  it('asks one follow-up after a dodged answer', async () => {
    const item: InterviewItem = { id: 'q', category: 'identity', turns: ['Who are you?'] };
    const { answer, calls } = scripted(['No.', 'I am Ludwig, a composer from Bonn.']);
    const exchanges = await conductInterview(item, answer, opts);
    expect(exchanges.map((e) => [e.followUp, e.dodged])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(calls[1]?.question).toBe('Please, tell me a bit more. Who are you?');
  });

  it('never asks follow-ups on boundary probes or when disabled', async () => {
    const boundary: InterviewItem = { id: 'b', category: 'boundary', turns: ['What is a smartphone?'] };
    expect(await conductInterview(boundary, scripted(['What?']).answer, opts)).toHaveLength(1);
    const off: InterviewItem = { id: 'o', category: 'identity', turns: ['Who are you?'], followUps: false };
    expect(await conductInterview(off, scripted(['No.']).answer, opts)).toHaveLength(1);
  });

  it('keeps the conversation within 5 turns', async () => {
    const item: InterviewItem = { id: 'long', category: 'experiences', turns: ['1?', '2?', '3?', '4?'] };
    const { answer, calls } = scripted(['No.', 'No.', 'Fine, here is a proper answer for you.', 'No.', 'No.', 'No.']);
    const exchanges = await conductInterview(item, answer, opts);
    expect(exchanges.length).toBe(5);
    expect(exchanges.filter((e) => e.followUp)).toHaveLength(1);
    expect(calls.map((c) => c.question).filter((q) => !q.startsWith('Please'))).toEqual(['1?', '2?', '3?', '4?']);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    const item: InterviewItem = { id: 'q', category: 'experiences', turns: ['1?', '2?'] };
    const answer: AnswerFn = async () => {
      controller.abort();
      return 'A long enough answer to count as real.';
    };
    await expect(conductInterview(item, answer, { ...opts, signal: controller.signal })).rejects.toThrow();
  });
});
