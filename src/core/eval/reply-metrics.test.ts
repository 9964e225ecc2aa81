import { describe, expect, it } from 'vitest';
import type { InterviewExchange } from './conduct-interview.ts';
import { computeReplyMetrics, type MetricTranscript } from './reply-metrics.ts';

const ex = (question: string, answer: string, extra: Partial<InterviewExchange> = {}): InterviewExchange => ({
  question,
  answer,
  followUp: false,
  dodged: false,
  ...extra,
});

const transcripts: MetricTranscript[] = [
  { item: { id: 'i', category: 'identity', turns: ['Who?'] }, exchanges: [ex('Who?', 'Muss es sein? I am Ludwig.', { closedQuote: true, tokens: 8 })] },
  { item: { id: 'v', category: 'values', turns: ['Why?'] }, exchanges: [ex('Why?', 'As an AI, I have no values.', { closedQuote: false, tokens: 9 })] },
  {
    item: { id: 'm', category: 'memory', turns: ['I have a cat, Miso.', 'Name?'], expectedRecall: ['Miso'] },
    exchanges: [ex('I have a cat, Miso.', 'Ok.', { dodged: true, tokens: 1 }), ex('Name?', 'Your cat is miso!', { tokens: 5 })],
  },
  {
    item: { id: 'b', category: 'boundary', turns: ['Explain programming?'] },
    exchanges: [ex('Explain programming?', 'Programming? Never heard of it.', { tokens: 6 })],
  },
];

describe('computeReplyMetrics', () => {
  it('computes every judge-free metric from known replies', () => {
    const m = computeReplyMetrics(transcripts, { catchphrases: ['muss es sein'] });
    expect(m.replies).toBe(5);
    expect(m.quoteChecked).toBe(2);
    expect(m.quoteCompliance).toBe(0.5);
    expect(m.roleBreaks).toBe(1);
    expect(m.roleBreakRate).toBe(1 / 5);
    expect(m.roleBreakRules).toEqual({ 'as-an-ai': 1 });
    expect(m.catchphraseRate).toBe(1 / 5);
    expect(m.dodgeRate).toBe(1 / 5);
    expect(m.memoryProbes).toBe(1);
    expect(m.memoryRecallRate).toBe(1);
    expect(m.boundaryProbes).toBe(1);
    expect(m.boundaryPassRate).toBe(1);
    expect(m.boundaryReactions).toEqual({ confused: 1, explained: 0, mixed: 0, unclear: 0 });
    const chars = ['Muss es sein? I am Ludwig.', 'As an AI, I have no values.', 'Ok.', 'Your cat is miso!', 'Programming? Never heard of it.'].map(
      (t) => t.length,
    );
    expect(m.avgChars).toBeCloseTo(chars.reduce((a, b) => a + b) / 5, 10);
    expect(m.avgTokens).toBeCloseTo((8 + 9 + 1 + 5 + 6) / 5, 10);
    expect(m.distinct1).not.toBeNull();
  });

  it('counts tokens with a token counter when given one', () => {
    const counter = { id: 'chars', count: (text: string) => text.length };
    const m = computeReplyMetrics(transcripts.slice(0, 1), { tokenCounter: counter });
    expect(m.avgTokens).toBe('Muss es sein? I am Ludwig.'.length);
  });

  it('reports null where a rate has no basis', () => {
    const m = computeReplyMetrics([]);
    expect(m).toMatchObject({
      replies: 0,
      distinct1: null,
      quoteCompliance: null,
      roleBreakRate: null,
      catchphraseRate: null,
      avgChars: null,
      avgTokens: null,
      boundaryPassRate: null,
      memoryRecallRate: null,
    });
  });

  it('needs every expected word for a memory recall, in CJK too', () => {
    const t: MetricTranscript = {
      item: { id: 'm', category: 'memory', turns: ['a', 'b'], expectedRecall: ['杭州', '蜂蜜'] },
      exchanges: [ex('a', '好的好的好的好的'), ex('b', '你从杭州回来的。')],
    };
    expect(computeReplyMetrics([t]).memoryRecallRate).toBe(0);
  });
});
