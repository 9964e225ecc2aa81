import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import { defaultAblations } from './configurations.ts';
import type { JudgeDimension } from './dimensions.ts';
import { buildReport } from './report.ts';
import { judgementsToCsv, reportToCsv, reportToJson, transcriptsToCsv } from './report-export.ts';
import { assertRunState, createRunState, type EvalRunState } from './run-state.ts';
import { answerKey, compareKey, judgeKey } from './run-tasks.ts';
import type { ScoreParse } from './score-parser.ts';
import { composerPersona } from './test-fixtures.ts';

const ex = (question: string, answer: string): InterviewExchange => ({ question, answer, followUp: false, dodged: false });

/** A hand-filled run whose aggregates are known. */
function filledRun(): EvalRunState {
  const state = createRunState(
    {
      persona: composerPersona({ name: '贝多芬', language: 'zh' }),
      set: {
        version: 1,
        id: 'zh',
        title: '访谈',
        language: 'zh',
        items: [
          { id: 'a', category: 'identity', turns: ['你是谁？'], dimensions: ['consistency'] },
          { id: 'b', category: 'values', turns: ['什么最重要？'], dimensions: ['consistency'] },
        ],
      },
      configurations: defaultAblations().slice(0, 2),
      judge: { samples: 2, pairwiseSamples: 1 },
    },
    { id: 'r', now: 5 },
  );
  const put = (c: string, item: string, sample: number, result: ScoreParse, dimension: JudgeDimension = 'consistency') => {
    state.judgements[judgeKey(c, item, dimension, sample)] = {
      configurationId: c,
      itemId: item,
      dimension,
      sample,
      raw: 'raw, "text"\n行',
      finishReason: 'stop',
      result,
    };
  };
  put('full', 'a', 0, { kind: 'score', score: 5 });
  put('full', 'a', 1, { kind: 'score', score: 4 });
  put('full', 'b', 0, { kind: 'score', score: 3 });
  put('full', 'b', 1, { kind: 'unparseable', reason: 'no-score' });
  put('no-quote', 'a', 0, { kind: 'unparseable', reason: 'empty' });
  put('no-quote', 'a', 1, { kind: 'unparseable', reason: 'out-of-range' });
  state.transcripts[answerKey('full', 'a')] = {
    configurationId: 'full',
    itemId: 'a',
    exchanges: [ex('你是谁？', '我是贝多芬，音乐家，"疯子"，也是个倔老头。')],
  };
  state.transcripts[answerKey('no-quote', 'a')] = { configurationId: 'no-quote', itemId: 'a', exchanges: [ex('你是谁？', '作为一个AI，我没有名字。')] };
  const cmp = (item: string, order: 'ab' | 'ba', verdict: 'A' | 'B' | 'tie' | null) => {
    state.comparisons[compareKey('no-quote', 'full', item, order)] = { a: 'no-quote', b: 'full', itemId: item, order, raw: '', verdict };
  };
  cmp('a', 'ab', 'B');
  cmp('a', 'ba', 'A');
  cmp('b', 'ab', 'A');
  cmp('b', 'ba', 'tie');
  return state;
}

describe('buildReport', () => {
  it('averages k samples per item, then items per dimension, counting unparseable', () => {
    const report = buildReport(filledRun());
    expect(report.itemScores.filter((s) => s.configurationId === 'full')).toEqual([
      { configurationId: 'full', itemId: 'a', category: 'identity', dimension: 'consistency', mean: 4.5, samples: 2, unparseable: 0 },
      { configurationId: 'full', itemId: 'b', category: 'values', dimension: 'consistency', mean: 3, samples: 1, unparseable: 1 },
    ]);
    expect(report.scores).toEqual([
      { configurationId: 'full', dimension: 'consistency', mean: 3.75, n: 2, unparseable: 1 },
      { configurationId: 'no-quote', dimension: 'consistency', mean: null, n: 0, unparseable: 2 },
    ]);
    expect(report.pairwise).toEqual([{ a: 'no-quote', b: 'full', winsA: 0, winsB: 1, ties: 1, inconsistent: 0, unparseable: 0, n: 2, preference: 0.375 }]);
    expect(report.pairwiseItems).toEqual([
      { a: 'no-quote', b: 'full', itemId: 'a', outcome: 'b', preference: 0 },
      { a: 'no-quote', b: 'full', itemId: 'b', outcome: 'tie', preference: 0.75 },
    ]);
    expect(report.judge).toEqual({ samples: 2, pairwiseSamples: 1, aggregation: 'agree', calibration: false });
    expect(report.interviewer).toEqual({ engine: 'script' });
    expect(report.metrics.find((m) => m.configurationId === 'no-quote')?.roleBreakRules).toEqual({ 'zh-as-an-ai': 1 });
    expect(report).toMatchObject({ schema: 'egos-eval-report', version: 1, runId: 'r', character: { name: '贝多芬' }, set: { items: 2 } });
  });
});

describe('report export', () => {
  it('writes versioned JSON that parses back to the same report', () => {
    const report = buildReport(filledRun());
    const json = reportToJson(report);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(JSON.parse(json)).toMatchObject({ schema: 'egos-eval-report', version: 1 });
  });

  it('writes a tidy CSV with one value per row', () => {
    const csv = reportToCsv(buildReport(filledRun()), { bom: false });
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('section,configuration,versus,dimension,item,metric,value,n,unparseable');
    expect(lines).toContain('score,full,,consistency,,mean,3.75,2,1');
    expect(lines).toContain('score,no-quote,,consistency,,mean,,0,2');
    expect(lines).toContain('pairwise,no-quote,full,,,losses,1,2,0');
    expect(lines).toContain('metric,no-quote,,,,roleBreakRate,1,1,');
    expect(lines).toContain('metric,no-quote,,,,role-break-zh-as-an-ai,1,1,');
  });

  it('quotes CJK answers with commas, quotes and newlines in the transcript and judgement CSVs', () => {
    const state = filledRun();
    const transcripts = transcriptsToCsv(state);
    expect(transcripts.startsWith('\uFEFFconfiguration,item,category,turn')).toBe(true);
    expect(transcripts).toContain('full,a,identity,1,false,false,,你是谁？,"我是贝多芬，音乐家，""疯子""，也是个倔老头。",,\r\n');
    const judgements = judgementsToCsv(state, { bom: false });
    expect(judgements).toContain('full,a,consistency,1,5,,stop,"raw, ""text""\n行"\r\n');
    expect(judgements).toContain('no-quote,a,consistency,2,,out-of-range,stop,');
  });
});

describe('assertRunState', () => {
  it('accepts a saved run after a JSON round trip and rejects others', () => {
    const saved = JSON.parse(JSON.stringify(filledRun()));
    expect(assertRunState(saved).id).toBe('r');
    expect(() => assertRunState({ schema: 'other' })).toThrow(ValidationError);
    expect(() => assertRunState({ ...saved, version: 2 })).toThrow(/another EGOS version/);
  });
});
