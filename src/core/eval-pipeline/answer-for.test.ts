import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { InterviewSet } from '../eval/interview-set.ts';
import { buildReport } from '../eval/report.ts';
import { runEvaluation } from '../eval/runner.ts';
import { composerPersona } from '../eval/test-fixtures.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { TokenCounter } from '../token-counter.ts';
import { createAnswerFor } from './answer-for.ts';
import { createEvaluation } from './new-evaluation.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const persona = composerPersona();
const set: InterviewSet = { version: 1, id: 's', title: 'S', language: 'en', items: [{ id: 'who', category: 'identity', turns: ['Who are you?'] }] };
const text = (r: CompletionRequest) => JSON.stringify(r.input);

describe('createAnswerFor', () => {
  it('answers each configuration with its own flags inside a full run', async () => {
    const model = new ScriptedEngine((r) => (text(r).includes('[Rules]') ? 'Ludwig: "Ludwig. Muss es sein?"' : 'As an AI, I am a language model.'), {
      capabilities: { promptCache: 'chat' },
    });
    const judge = new ScriptedEngine((r) => (text(r).includes('[Conversation A]') ? 'Both fine.\nVerdict: A' : 'Reasons.\nScore: 4'));
    const state = createEvaluation({ persona, set, ablationIds: ['no-quote'], samples: 1 }, { id: 'r', now: 1 });
    const done = await runEvaluation(state, { judge, answerFor: createAnswerFor({ persona, engine: model, counter, contextWindow: 4096 }) });
    expect(done.status).toBe('done');
    expect(done.transcripts['answer|full|who']?.exchanges[0]).toMatchObject({ answer: 'Ludwig. Muss es sein?', closedQuote: true });
    expect(done.transcripts['answer|no-quote|who']?.exchanges[0]?.answer).toBe('As an AI, I am a language model.');
    const metrics = buildReport(done).metrics;
    expect(metrics.map((m) => [m.configurationId, m.quoteCompliance, m.roleBreakRate, m.catchphraseRate])).toEqual([
      ['full', 1, 0, 1],
      ['no-quote', null, 1, 0],
    ]);
  });
});
