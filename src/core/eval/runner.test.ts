import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError, ValidationError } from '../errors/index.ts';
import { english, msg } from '../i18n/message.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { AnswerFn } from './conduct-interview.ts';
import { defaultAblations, type EvalConfiguration } from './configurations.ts';
import type { InterviewSet } from './interview-set.ts';
import { buildReport } from './report.ts';
import { reportToCsv, transcriptsToCsv } from './report-export.ts';
import { createRunState, type EvalRunState } from './run-state.ts';
import { runProgress } from './run-tasks.ts';
import { runEvaluation, type EvalProgress } from './runner.ts';
import { composerPersona } from './test-fixtures.ts';
import { msg as said } from '../i18n/message.ts';

const set: InterviewSet = {
  version: 1,
  id: 's',
  title: 'Small',
  language: 'en',
  items: [
    { id: 'who', category: 'identity', turns: ['Who are you?'] },
    { id: 'cat', category: 'memory', turns: ['My cat is Miso.', 'What is my cat called?'], expectedRecall: ['Miso'] },
  ],
};
const configurations = defaultAblations().slice(0, 2);

/** 4 answer tasks + (1 + 2 dims) × k=2 × 2 configs judge tasks + 2 items × 2 orders × k=2 compare tasks. */
const TOTAL = 4 + 12 + 8;
const ANSWER_CALLS = 6;
const JUDGE_CALLS = 20;

function newRun(): EvalRunState {
  return createRunState(
    { persona: composerPersona(), set, configurations, judge: { samples: 2, dimensions: ['consistency', 'memory'], label: 'scripted' } },
    { id: 'run-1', now: 1 },
  );
}

function recordingAnswers() {
  const calls: string[] = [];
  const answerFor =
    (c: EvalConfiguration): AnswerFn =>
    async (question) => {
      calls.push(`${c.id}: ${question}`);
      return c.flags.quoteMode
        ? { text: 'Muss es sein? Your cat is Miso, I remember.', closedQuote: true }
        : { text: 'As an AI, I can tell you your cat is Miso.', closedQuote: false };
    };
  return { calls, answerFor };
}

const lastUser = (r: CompletionRequest) => (r.input.kind === 'chat' ? (r.input.messages.at(-1)?.content ?? '') : '');

/** A fair judge: scores the quote-mode replies higher and prefers them in either order. */
function fairJudge(request: CompletionRequest): string {
  const text = lastUser(request);
  if (text.includes('[Conversation A]')) {
    const a = text.slice(text.indexOf('[Conversation A]'), text.indexOf('[Conversation B]'));
    return `A stays in voice or not.\nVerdict: ${a.includes('Muss es sein') ? 'A' : 'B'}`;
  }
  if (text.includes('[Dimension: Memory]')) return 'Recalls the cat.\nScore: 4';
  return text.includes('As an AI') ? 'Breaks character.\n**Score:** 2' : 'Fully in character.\nScore: 5';
}

describe('runEvaluation', () => {
  it('runs every task with progress and builds the report', async () => {
    const judge = new ScriptedEngine(fairJudge);
    const { calls, answerFor } = recordingAnswers();
    const progress: EvalProgress[] = [];
    const checkpoints: number[] = [];
    const input = newRun();
    const state = await runEvaluation(input, {
      judge,
      answerFor,
      onProgress: (p) => progress.push(p),
      onCheckpoint: (s) => void checkpoints.push(runProgress(s).done),
    });
    expect(state.status).toBe('done');
    expect(input.status).toBe('pending');
    expect(calls).toHaveLength(ANSWER_CALLS);
    expect(judge.requests).toHaveLength(JUDGE_CALLS);
    expect(checkpoints).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(progress.map((p) => p.done)).toEqual([...Array.from({ length: TOTAL }, (_, i) => i), TOTAL]);
    expect(progress.every((p) => p.total === TOTAL)).toBe(true);
    expect(english(progress[0]?.step ?? msg('eval.step.finished'))).toBe('Interviewing "who" (full)');
    expect(progress.at(-1)?.phase).toBe('finished');

    const report = buildReport(state);
    const score = (c: string, d: string) => report.scores.find((s) => s.configurationId === c && s.dimension === d);
    expect(score('full', 'consistency')).toEqual({ configurationId: 'full', dimension: 'consistency', mean: 5, n: 2, unparseable: 0 });
    expect(score('no-quote', 'consistency')?.mean).toBe(2);
    expect(score('full', 'memory')).toMatchObject({ mean: 4, n: 1 });
    expect(report.pairwise).toEqual([{ a: 'no-quote', b: 'full', winsA: 0, winsB: 2, ties: 0, inconsistent: 0, unparseable: 0, n: 2, preference: 0 }]);
    expect(report.metrics.find((m) => m.configurationId === 'no-quote')?.roleBreakRate).toBe(1);
    expect(report.metrics.find((m) => m.configurationId === 'full')?.quoteCompliance).toBe(1);
    expect(report.progress).toEqual({ done: TOTAL, total: TOTAL });
  });

  it('records a garbage judge as unparseable with its raw text, never as a score', async () => {
    const judge = new ScriptedEngine(() => 'lol I dunno ¯\\_(ツ)_/¯');
    const state = await runEvaluation(newRun(), { judge, answerFor: recordingAnswers().answerFor });
    expect(state.status).toBe('done');
    const judgements = Object.values(state.judgements);
    expect(judgements).toHaveLength(12);
    expect(judgements.every((j) => j.result.kind === 'unparseable' && j.raw.startsWith('lol'))).toBe(true);
    const report = buildReport(state);
    expect(report.scores.every((s) => s.mean === null && s.n === 0 && s.unparseable > 0)).toBe(true);
    expect(report.scores.find((s) => s.configurationId === 'full' && s.dimension === 'consistency')?.unparseable).toBe(4);
    expect(report.pairwise[0]).toMatchObject({ unparseable: 2, winsA: 0, winsB: 0 });
  });

  it('gives no win to a judge that always picks the first position', async () => {
    const judge = new ScriptedEngine((r) => (lastUser(r).includes('[Conversation A]') ? 'Verdict: A' : 'Score: 3'));
    const state = await runEvaluation(newRun(), { judge, answerFor: recordingAnswers().answerFor });
    expect(buildReport(state).pairwise[0]).toMatchObject({ winsA: 0, winsB: 0, ties: 0, inconsistent: 2 });
  });

  it('cancels mid-way and resumes without repeating finished calls', async () => {
    const controller = new AbortController();
    const judge = new ScriptedEngine(fairJudge);
    const answers = recordingAnswers();
    let saved: unknown;
    const stopped = await runEvaluation(newRun(), {
      judge,
      answerFor: answers.answerFor,
      signal: controller.signal,
      onCheckpoint: (s) => {
        saved = JSON.parse(JSON.stringify(s));
        if (runProgress(s).done === 7) controller.abort();
      },
    });
    expect(stopped.status).toBe('cancelled');
    expect(runProgress(stopped)).toEqual({ done: 7, total: TOTAL });
    expect(runProgress(saved as EvalRunState).done).toBe(7);
    expect(answers.calls).toHaveLength(ANSWER_CALLS);
    expect(judge.requests).toHaveLength(3);

    const judge2 = new ScriptedEngine(fairJudge);
    const answers2 = recordingAnswers();
    const progress: number[] = [];
    const resumed = await runEvaluation(saved as EvalRunState, { judge: judge2, answerFor: answers2.answerFor, onProgress: (p) => progress.push(p.done) });
    expect(resumed.status).toBe('done');
    expect(progress[0]).toBe(7);
    expect(answers2.calls).toHaveLength(0);
    expect(judge.requests.length + judge2.requests.length).toBe(JUDGE_CALLS);
    expect(buildReport(resumed).pairwise[0]?.winsB).toBe(2);
  });

  it('drops the task in flight when cancelled during a judge call, and redoes only that one', async () => {
    const controller = new AbortController();
    const judge = new ScriptedEngine((_r, call) => {
      if (call === 4) setTimeout(() => controller.abort(), 5);
      return { chunks: ['Reasons. ', 'Score: 5'], delayMs: call === 4 ? 20 : 0 };
    });
    const stopped = await runEvaluation(newRun(), { judge, answerFor: recordingAnswers().answerFor, signal: controller.signal });
    expect(stopped.status).toBe('cancelled');
    expect(Object.keys(stopped.judgements)).toHaveLength(4);
    const judge2 = new ScriptedEngine(fairJudge);
    const resumed = await runEvaluation(stopped, { judge: judge2, answerFor: recordingAnswers().answerFor });
    expect(resumed.status).toBe('done');
    expect(judge.requests.length + judge2.requests.length).toBe(JUDGE_CALLS + 1);
  });

  it('stops as failed on an engine error, keeps the message, and resumes', async () => {
    const judge = new ScriptedEngine((r, call) => {
      if (call === 2)
        return {
          chunks: [],
          error: new EngineError('connection-refused', said('text.verbatim', { text: 'The judge endpoint refused the connection. Start it and resume.' })),
        };
      return fairJudge(r);
    });
    const failed = await runEvaluation(newRun(), { judge, answerFor: recordingAnswers().answerFor });
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'connection-refused',
      message: 'The judge endpoint refused the connection. Start it and resume.',
      text: said('text.verbatim', { text: 'The judge endpoint refused the connection. Start it and resume.' }),
    });
    expect(Object.keys(failed.judgements)).toHaveLength(2);
    const resumed = await runEvaluation(failed, { judge: new ScriptedEngine(fairJudge), answerFor: recordingAnswers().answerFor });
    expect(resumed.status).toBe('done');
    expect(resumed.error).toBeUndefined();
  });

  it('fails with the answer error when answering throws', async () => {
    const answerFor = (): AnswerFn => async () => {
      throw new EngineError('out-of-memory', said('text.verbatim', { text: 'The GPU ran out of memory. Close other tabs and resume.' }));
    };
    const failed = await runEvaluation(newRun(), { judge: new ScriptedEngine(fairJudge), answerFor });
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'out-of-memory' } });
    expect(Object.keys(failed.transcripts)).toHaveLength(0);
  });
});

describe('correctness on interviews', () => {
  it('checks the answers against the memories their prompts carried, on correctness only', async () => {
    const state = createRunState(
      { persona: composerPersona(), set, configurations: configurations.slice(0, 1), judge: { samples: 1, dimensions: ['consistency', 'correctness'] } },
      { id: 'run-3', now: 1 },
    );
    const answerFor = (): AnswerFn => async (question) =>
      question.includes('cat')
        ? { text: 'Your cat is Miso.', memories: ['The user has a cat named Miso.', 'Lore: Vienna, 1824.'] }
        : { text: 'Ludwig van Beethoven.', memories: ['Lore: Vienna, 1824.'] };
    const judge = new ScriptedEngine(() => 'Evidence: "Miso" — the memories say so.\nScore: 5');
    await runEvaluation(state, { judge, answerFor });
    const prompts = judge.requests.map(lastUser);
    const correctness = prompts.filter((p) => p.includes('[Dimension: Correctness]'));
    const consistency = prompts.filter((p) => p.includes('[Dimension: Consistency]'));
    expect(correctness).toHaveLength(2);
    const cat = correctness.find((p) => p.includes('What is my cat called?'))!;
    expect(cat).toContain('[Memories the character was given]\n- The user has a cat named Miso.\n- Lore: Vienna, 1824.');
    expect(correctness.find((p) => p.includes('Who are you?'))).toContain('[Memories the character was given]\n- Lore: Vienna, 1824.\n');
    expect(consistency.every((p) => !p.includes('[Memories the character was given]'))).toBe(true);
  });
});

describe('createRunState', () => {
  it('compares every configuration with the first by default', () => {
    const state = createRunState({ persona: composerPersona(), set, configurations: defaultAblations() });
    expect(state.plan.pairs).toEqual([
      ['no-quote', 'full'],
      ['no-extract', 'full'],
      ['no-memory', 'full'],
      ['no-style', 'full'],
      ['no-exemplars', 'full'],
    ]);
    expect(state.plan.character).toMatchObject({ name: 'Ludwig', catchphrases: ['Muss es sein?'] });
  });

  it('rejects bad sample counts, dimensions and pairs', () => {
    const base = { persona: composerPersona(), set, configurations };
    expect(() => createRunState({ ...base, judge: { samples: 0 } })).toThrow(ValidationError);
    expect(() => createRunState({ ...base, judge: { samples: 11 } })).toThrow(/1 to 10/);
    expect(() => createRunState({ ...base, judge: { dimensions: [] } })).toThrow(/dimension/);
    expect(() => createRunState({ ...base, pairs: [['full', 'full']] })).toThrow(/two different/);
    expect(() => createRunState({ ...base, pairs: [['full', 'ghost']] })).toThrow(/two different/);
  });
});

describe('judge options and the interviewer in a run', () => {
  const run = (judge: Parameters<typeof createRunState>[0]['judge'], interviewer?: Parameters<typeof createRunState>[0]['interviewer']) =>
    createRunState(
      { persona: composerPersona(), set, configurations, judge: { dimensions: ['consistency'], ...judge }, ...(interviewer ? { interviewer } : {}) },
      { id: 'run-2', now: 1 },
    );
  const biased = () => new ScriptedEngine((r) => (lastUser(r).includes('[Conversation A]') ? 'Verdict: A' : 'Score: 3'));
  const compares = (engine: ScriptedEngine) => engine.requests.filter((r) => lastUser(r).includes('[Conversation A]'));

  it('judges each order k times (seeds shifted) and combines them by the plan’s rule', async () => {
    const agree = biased();
    const state = await runEvaluation(run({ samples: 2, sampling: { seed: 7 } }), { judge: agree, answerFor: recordingAnswers().answerFor });
    expect(compares(agree)).toHaveLength(2 * 2 * 2);
    expect(compares(agree).map((r) => r.sampling?.seed)).toEqual([7, 7, 8, 8, 7, 7, 8, 8]);
    const report = buildReport(state);
    expect(report.judge).toMatchObject({ pairwiseSamples: 2, aggregation: 'agree' });
    expect(report.pairwise[0]).toMatchObject({ inconsistent: 2, ties: 0, preference: 0.5 });

    const average = await runEvaluation(run({ samples: 2, aggregation: 'average' }), { judge: biased(), answerFor: recordingAnswers().answerFor });
    expect(buildReport(average).pairwise[0]).toMatchObject({ inconsistent: 0, ties: 2, winsA: 0, winsB: 0 });
    const fair = await runEvaluation(run({ samples: 3, aggregation: 'average' }), {
      judge: new ScriptedEngine(fairJudge),
      answerFor: recordingAnswers().answerFor,
    });
    expect(buildReport(fair).pairwise[0]).toMatchObject({ winsB: 2, n: 2, preference: 0 });
    expect(buildReport(fair).judge).toMatchObject({ pairwiseSamples: 3, aggregation: 'average' });
  });

  it('keeps one verdict per order for a run saved before k applied to comparisons', async () => {
    const old = run({ samples: 2 });
    delete old.plan.judge.pairwiseSamples;
    const judge = biased();
    await runEvaluation(old, { judge, answerFor: recordingAnswers().answerFor });
    expect(compares(judge)).toHaveLength(4);
  });

  it('shows the calibration examples to the judge only when the plan asks for them', async () => {
    const off = new ScriptedEngine(fairJudge);
    await runEvaluation(run({ samples: 1 }), { judge: off, answerFor: recordingAnswers().answerFor });
    expect(off.requests.some((r) => lastUser(r).includes('[Calibration examples'))).toBe(false);
    const on = new ScriptedEngine(fairJudge);
    const state = await runEvaluation(run({ samples: 1, calibration: true }), { judge: on, answerFor: recordingAnswers().answerFor });
    expect(on.requests.every((r) => lastUser(r).includes('[Calibration examples'))).toBe(true);
    const single = on.requests.find((r) => lastUser(r).includes('[Dimension: Consistency'));
    expect(lastUser(single!)).toContain('Score: 1 — Speaks as an AI assistant instead of Margaret.');
    expect(lastUser(single!)).not.toContain('Score: 2 — Invents a brother');
    expect(compares(on).every((r) => lastUser(r).includes('Verdict: A — A is Margaret'))).toBe(true);
    expect(buildReport(state).judge.calibration).toBe(true);
  });

  it('lets the plan’s model interviewer ask follow-ups through the judge’s engine and reports them', async () => {
    const judge = new ScriptedEngine((r) => {
      const system = r.input.kind === 'chat' ? (r.input.messages[0]?.content ?? '') : '';
      if (system.includes('You are the interviewer')) {
        return lastUser(r).includes('Interviewer: And why?')
          ? '{"action":"done","question":"","reason":"depth"}'
          : '{"action":"follow-up","question":"And why?","reason":"depth"}';
      }
      return fairJudge(r);
    });
    const answers = recordingAnswers();
    const state = await runEvaluation(run({ samples: 1 }, { engine: 'judge', maxFollowUps: 1 }), { judge, answerFor: answers.answerFor });
    expect(state.status).toBe('done');
    expect(answers.calls.filter((c) => c.endsWith('And why?'))).toHaveLength(4);
    const report = buildReport(state);
    expect(report.interviewer).toEqual({ engine: 'judge', maxFollowUps: 1 });
    expect(report.followUps.find((f) => f.configurationId === 'full')).toEqual({
      configurationId: 'full',
      model: 2,
      script: 0,
      reasons: { dodge: 0, contradiction: 0, depth: 2 },
      looked: 2,
      unparseable: 0,
    });
    const csv = reportToCsv(report, { bom: false }).split('\r\n');
    expect(csv).toContain('follow-up,full,,,,model,2,,');
    expect(transcriptsToCsv(state, { bom: false })).toContain('And why?,"Muss es sein? Your cat is Miso, I remember.",model,depth');
  });

  it('falls back to the script when the interviewer is the answering model and none is given', async () => {
    const judge = new ScriptedEngine(fairJudge);
    const state = await runEvaluation(run({ samples: 1 }, { engine: 'answering', maxFollowUps: 3 }), { judge, answerFor: recordingAnswers().answerFor });
    expect(judge.requests.some((r) => JSON.stringify(r.input).includes('You are the interviewer'))).toBe(false);
    expect(buildReport(state).followUps.every((f) => f.model === 0 && f.looked === 0)).toBe(true);
  });

  it('rejects an unknown aggregation or interviewer and a follow-up cap out of range', () => {
    const base = { persona: composerPersona(), set, configurations };
    expect(() => createRunState({ ...base, judge: { aggregation: 'median' as 'agree' } })).toThrow(/combining pairwise verdicts "median"/);
    expect(() => createRunState({ ...base, interviewer: { engine: 'oracle' as 'judge', maxFollowUps: 3 } })).toThrow(/Unknown interviewer "oracle"/);
    expect(() => createRunState({ ...base, interviewer: { engine: 'judge', maxFollowUps: 9 } })).toThrow(/1 to 8/);
    expect(() => createRunState({ ...base, interviewer: { engine: 'judge', maxFollowUps: 0 } })).toThrow(ValidationError);
  });
});
