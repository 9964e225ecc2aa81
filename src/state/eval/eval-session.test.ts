import { reportToCsv } from '../../core/eval/report-export.ts';
import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { EndpointConfig } from '../../core/endpoint-config.ts';
import { runProgress } from '../../core/eval/run-tasks.ts';
import { composerPersona } from '../../core/eval/test-fixtures.ts';
import { english, msg, type Message } from '../../core/i18n/message.ts';
import type { CompletionRequest } from '../../core/llm-engine.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import { evalDownload } from './eval-export.svelte.ts';
import { EvalSession, savedJudgeUrls } from './eval-session.svelte.ts';
import { fakeEngines } from '../../../test/support/fake-engines.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const persona = composerPersona();
const text = (r: CompletionRequest) => JSON.stringify(r.input);
/** The English sentence of a state's message, or null. */
const shown = (message: Message | null): string | null => (message ? english(message) : null);

/** Answers in quote mode; judges "Score: 4", except its first judgement, which is garbage. */
function engines(options: { answerDelayMs?: number } = {}) {
  let judged = 0;
  const model = new ScriptedEngine(
    (r) => {
      if (text(r).includes('[Conversation A]')) return 'A is better.\nVerdict: A';
      if (text(r).includes('strict and fair evaluator')) return judged++ === 0 ? 'Hmm, hard to say.' : 'Fits well.\nScore: 4';
      return { chunks: ['Ludwig: "', 'I am Ludwig, and I compose all day long."'], delayMs: options.answerDelayMs };
    },
    { capabilities: { promptCache: 'chat' } },
  );
  return { model, answering: { engine: model, contextWindow: 4096, label: msg('engine.label.endpoint', { model: 'test-model', host: 'local' }) } };
}

function session(
  createEndpointEngine: (config: EndpointConfig) => Promise<ScriptedEngine> = async () => new ScriptedEngine([]),
  connectPolicy?: { allows(url: string): boolean; reload(): void },
) {
  const repo = createMemoryRepository();
  let clock = 100;
  const puts: number[] = [];
  const put = repo.evalRuns.put;
  repo.evalRuns.put = async (run) => {
    puts.push(runProgress(run.state).done);
    return put(run);
  };
  const s = new EvalSession(
    { repo, now: () => ++clock, engines: fakeEngines({ createEndpointEngine }), loadTokenCounter: async () => counter, connectPolicy },
    persona,
  );
  s.setup.clear();
  s.setup.addQuestion('identity', 'Who are you?');
  s.setup.addQuestion('boundary', 'What is a smartphone?');
  return { s, repo, puts };
}

describe('EvalSession', () => {
  it('says when no model is ready', async () => {
    const { s } = session();
    await s.start({ engine: null, contextWindow: 4096, label: null });
    expect(shown(s.error)).toMatch(/No model is ready to answer/);
    expect(s.runs).toEqual([]);
  });

  it('runs the interview, saves after every task, and reports scores with the unparseable judgement', async () => {
    const { s, repo, puts } = session();
    const { answering } = engines();
    s.setup.samples = 2;
    s.setup.toggleAblation('no-quote', true);
    await s.start(answering);
    expect(s.error).toBeNull();
    expect(s.running).toBe(false);
    const total = runProgress(s.current!).total;
    expect(s.current?.status).toBe('done');
    expect(puts.slice(0, total + 1)).toEqual(Array.from({ length: total + 1 }, (_, i) => i));
    expect(s.progress).toMatchObject({ done: total, total, phase: 'finished' });
    expect(shown(s.progress?.step ?? null)).toBe('Finished');
    expect(inChinese(s.progress?.step)).toBe('已完成');
    expect((await repo.evalRuns.listByPersona(persona.id))[0]?.state.status).toBe('done');
    const report = s.report!;
    expect(report.configurations.map((c) => c.id)).toEqual(['full', 'no-quote']);
    expect(report.judge).toEqual({ label: 'test-model @ local', samples: 2, pairwiseSamples: 2, aggregation: 'agree', calibration: false });
    expect(report.scores.reduce((n, x) => n + x.unparseable, 0)).toBe(1);
    expect(report.scores.find((x) => x.configurationId === 'full' && x.dimension === 'consistency')).toMatchObject({ mean: 4, n: 2 });
    expect(report.pairwise[0]).toMatchObject({ a: 'no-quote', b: 'full', n: 2 });
    const csv = evalDownload(s.current!, 'transcripts-csv');
    expect(csv.fileName).toMatch(/^egos-eval-Ludwig-\d{8}-\d{4}-answers\.csv$/);
    expect(csv.text).toContain('full,custom-2,boundary,1,false,false,true,What is a smartphone?');
    expect(csv.text).toContain('What is a smartphone?');
  });

  it('cancels mid-run, keeps what is done, and resumes without redoing it', async () => {
    const { s, repo } = session();
    const { model, answering } = engines({ answerDelayMs: 5 });
    const running = s.start(answering);
    await new Promise((r) => setTimeout(r, 12));
    expect(s.running).toBe(true);
    s.cancel();
    await running;
    const stopped = s.current!;
    expect(stopped.status).toBe('cancelled');
    const saved = (await repo.evalRuns.get(stopped.id))?.state;
    expect(saved?.status).toBe('cancelled');
    const before = model.requests.length;
    const doneBefore = runProgress(stopped).done;
    await s.resume(stopped.id, answering);
    expect(s.current?.status).toBe('done');
    expect(s.current?.id).toBe(stopped.id);
    expect(model.requests.length - before).toBe(runProgress(s.current!).total - doneBefore);
    expect(s.runs).toHaveLength(1);
  });

  it('judges on a separate endpoint when chosen, and disconnects it afterwards', async () => {
    const made: EndpointConfig[] = [];
    const judge = new ScriptedEngine(() => 'Fine.\nScore: 5');
    const { s } = session(async (config) => (made.push(config), judge));
    s.setup.judgeKind = 'endpoint';
    s.setup.judgeEndpoint = { baseUrl: ' http://judge.local:8080/v1 ', model: ' big ', apiKey: 'k' };
    const { model, answering } = engines();
    await s.start(answering);
    expect(made).toEqual([{ baseUrl: 'http://judge.local:8080/v1', model: 'big', apiKey: 'k' }]);
    expect(judge.loads).toEqual(['big']);
    expect(judge.modelId).toBeNull();
    expect(model.requests.every((r) => !text(r).includes('strict and fair evaluator'))).toBe(true);
    expect(s.report?.judge.label).toBe('big @ judge.local:8080');
    expect(s.report?.scores.every((x) => x.mean === 5)).toBe(true);
  });

  it('shows a validation problem instead of starting, and deletes saved runs', async () => {
    const { s, repo } = session();
    s.setup.clear();
    await s.start(engines().answering);
    expect(shown(s.error)).toMatch(/no items/);
    s.setup.addQuestion('values', 'What matters?');
    await s.start(engines().answering);
    const id = s.current!.id;
    await s.remove(id);
    expect(s.runs).toEqual([]);
    expect(s.current).toBeNull();
    expect(await repo.evalRuns.get(id)).toBeUndefined();
  });

  it('lists saved runs newest first on load', async () => {
    const { s, repo } = session();
    await s.start(engines().answering);
    await s.start(engines().answering);
    const again = new EvalSession({ repo, now: () => 1, engines: fakeEngines(), loadTokenCounter: async () => counter }, persona);
    await again.load();
    expect(again.runs.map((r) => r.id)).toEqual([s.runs[0]?.id, s.runs[1]?.id]);
    expect(again.current?.id).toBe(s.runs[0]?.id);
  });

  it('remembers the form for the next visit', async () => {
    const { s, repo } = session();
    s.setup.samples = 3;
    s.setup.toggleAblation('no-memory', true);
    s.setup.judgeKind = 'endpoint';
    s.setup.judgeEndpoint = { baseUrl: 'http://judge.local/v1', model: 'big', apiKey: '' };
    await s.start({ engine: null, contextWindow: 4096, label: null });
    s.setup.judgeKind = 'current';
    await s.start(engines().answering);
    const next = new EvalSession({ repo, now: () => 1, engines: fakeEngines(), loadTokenCounter: async () => counter }, persona);
    await next.load();
    expect(next.setup.saved()).toEqual({ ...s.setup.saved(), judgeKind: 'current' });
    expect(next.setup.set.items.map((i) => i.turns[0])).toEqual(['Who are you?', 'What is a smartphone?']);
    expect(await savedJudgeUrls(repo.settings)).toEqual([]);
  });

  it('reloads the page once the judge server needs allowing by the connect policy', async () => {
    let reloads = 0;
    const allowed = new Set<string>();
    const judge = new ScriptedEngine(() => 'Fine.\nScore: 5');
    const { s, repo } = session(async () => judge, { allows: (url) => allowed.has(url), reload: () => void reloads++ });
    s.setup.judgeKind = 'endpoint';
    s.setup.judgeEndpoint = { baseUrl: 'http://judge.local/v1', model: 'big', apiKey: '' };
    await s.start(engines().answering);
    expect(reloads).toBe(1);
    expect(shown(s.error)).toMatch(/Reloading the page to allow connections to the judge at http:\/\/judge\.local\/v1/);
    expect(s.runs).toEqual([]);
    expect(await savedJudgeUrls(repo.settings)).toEqual(['http://judge.local/v1']);
    allowed.add('http://judge.local/v1');
    await s.start(engines().answering);
    expect(reloads).toBe(1);
    expect(s.current?.status).toBe('done');
  });

  it('ignores a second Run while one is starting or running', async () => {
    const { s } = session();
    const { model, answering } = engines();
    await Promise.all([s.start(answering), s.start(answering)]);
    expect(s.runs).toHaveLength(1);
    expect(model.requests.filter((r) => !text(r).includes('strict and fair evaluator'))).toHaveLength(2);
  });

  it('runs with the form’s interviewer and aggregation, and measures the judge with and without calibration examples', async () => {
    const { s } = session();
    const model = new ScriptedEngine((r) => {
      const sent = text(r);
      if (sent.includes('You are the interviewer')) return '{"action":"done","question":"","reason":"depth"}';
      if (sent.includes('[Conversation A]')) return 'Verdict: tie';
      if (sent.includes('strict and fair evaluator')) return sent.includes('[Calibration examples') ? 'Score: 5' : 'Score: 3';
      return 'Ludwig: "I am Ludwig, and I compose all day long."';
    });
    const answering = { engine: model, contextWindow: 4096, label: null };
    s.setup.interviewer = 'answering';
    s.setup.maxFollowUps = 2;
    s.setup.aggregation = 'average';
    await s.start(answering);
    expect(s.error).toBeNull();
    expect(s.report?.interviewer).toEqual({ engine: 'answering', maxFollowUps: 2 });
    expect(s.report?.judge).toMatchObject({ aggregation: 'average', calibration: false });
    expect(s.report?.followUps[0]).toMatchObject({ configurationId: 'full', looked: 1, model: 0 });

    await s.calibrate(answering);
    expect(s.error).toBeNull();
    expect(s.calibrating).toBeNull();
    expect(s.running).toBe(false);
    const result = s.calibration!;
    expect(result.language).toBe('en');
    expect(result.withoutShots.scores.exact).toBeLessThan(result.withShots.scores.exact ?? 0);
    expect(result.withShots.pairs).toMatchObject({ n: 4, accuracy: 0.25 });

    // The run before the measurement reports none; the next run with the same judge reports it, in the CSV too.
    expect(s.report?.judge.calibrationCheck).toBeUndefined();
    await s.start(answering);
    expect(s.error).toBeNull();
    expect(s.report?.judge.calibrationCheck).toEqual(result);
    const csv = reportToCsv(s.report!);
    expect(csv).toContain(`calibration,without,,,,exact,${result.withoutShots.scores.exact},${result.withoutShots.scores.n},`);
    expect(csv).toContain(`calibration,with,,,,pairs-right,0.25,4,`);
  });

  it('says when no model is ready to calibrate', async () => {
    const { s } = session();
    await s.calibrate({ engine: null, contextWindow: 4096, label: null });
    expect(shown(s.error)).toMatch(/No model is ready/);
    expect(s.calibration).toBeNull();
  });
});
