import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { AnswerFn } from './conduct-interview.ts';
import { defaultAblations } from './configurations.ts';
import type { InterviewSet } from './interview-set.ts';
import type { RatedChat } from './rated-chat.ts';
import { buildReport } from './report.ts';
import { judgementsToCsv, reportToCsv } from './report-export.ts';
import { assertRunState, createRunState } from './run-state.ts';
import { planTasks } from './run-tasks.ts';
import { runEvaluation } from './runner.ts';
import { composerPersona } from './test-fixtures.ts';

const set: InterviewSet = { version: 1, id: 's', title: 'Small', language: 'en', items: [{ id: 'who', category: 'identity', turns: ['Who are you?'] }] };

/** A rated chat whose replies carry `marker`, which the scripted judge reads to score it. */
function chat(id: string, marker: number, user: number, extra: Partial<RatedChat['rating']['scores']> = {}): RatedChat {
  return {
    chatId: id,
    title: `Chat ${id}`,
    rating: { scores: { overall: user, ...extra }, comment: id === 'c1' ? 'Felt real.' : '', ratedAt: 1, userTurns: 20 },
    exchanges: [
      { question: '', answer: 'Good evening.', followUp: false, dodged: false },
      { question: 'Play for me.', answer: `[quality ${marker}] I shall play.`, followUp: false, dodged: false },
    ],
  };
}

const lastUser = (r: CompletionRequest) => (r.input.kind === 'chat' ? (r.input.messages.at(-1)?.content ?? '') : '');
const answerFor = (): AnswerFn => async () => ({ text: 'I am Ludwig.', closedQuote: true });

/** Scores a chat by the marker in its reply; quotes evidence when asked for correctness. */
function judge(request: CompletionRequest): string {
  const text = lastUser(request);
  const marker = /\[quality (\d)\]/.exec(text)?.[1] ?? '3';
  const evidence = text.includes('"Evidence:"') ? 'Evidence: "I shall play" — profile: "Composer and pianist" (supported)\n' : '';
  return `Reasons.\n${evidence}Score: ${marker}`;
}

function run(chats: RatedChat[], samples = 1) {
  return createRunState(
    { persona: composerPersona(), set, configurations: defaultAblations().slice(0, 1), judge: { samples, dimensions: ['overall'] }, chats },
    { id: 'r', now: 1 },
  );
}

describe("the judge's agreement with the user's chat ratings", () => {
  it('judges each rated chat on the dimensions the user rated with k samples, as a chat transcript', async () => {
    const state = run([chat('c1', 5, 5, { correctness: 4 }), chat('c2', 2, 1)], 2);
    const chatTasks = planTasks(state.plan).filter((t) => t.kind === 'judge-chat');
    expect(chatTasks.map((t) => t.key)).toEqual([
      'chat|c1|correctness|0',
      'chat|c1|correctness|1',
      'chat|c1|overall|0',
      'chat|c1|overall|1',
      'chat|c2|overall|0',
      'chat|c2|overall|1',
    ]);
    const engine = new ScriptedEngine(judge);
    const done = await runEvaluation(state, { judge: engine, answerFor });
    expect(done.status).toBe('done');
    const chatPrompt = engine.requests.map(lastUser).find((t) => t.includes('[Chat]')) ?? '';
    expect(chatPrompt).toContain('Ludwig: Good evening.\n\nUser: Play for me.\nLudwig: [quality 5] I shall play.');
    const report = buildReport(done);
    expect(report.chats.scores.find((s) => s.chatId === 'c1' && s.dimension === 'correctness')).toMatchObject({
      user: 4,
      judge: 5,
      samples: 2,
      evidence: ['"I shall play" — profile: "Composer and pianist" (supported)', '"I shall play" — profile: "Composer and pianist" (supported)'],
    });
    expect(report.chats.ratings.map((r) => [r.chatId, r.comment])).toEqual([
      ['c1', 'Felt real.'],
      ['c2', ''],
    ]);
  });

  it('gives Spearman per dimension only from three chats, and says n', async () => {
    const two = buildReport(await runEvaluation(run([chat('c1', 5, 5), chat('c2', 2, 1)]), { judge: new ScriptedEngine(judge), answerFor }));
    expect(two.chats.agreement).toEqual([{ dimension: 'overall', n: 2, spearman: null }]);

    const chats = [chat('c1', 5, 5), chat('c2', 2, 1), chat('c3', 3, 3), chat('c4', 4, 3)];
    const four = buildReport(await runEvaluation(run(chats), { judge: new ScriptedEngine(judge), answerFor }));
    const row = four.chats.agreement[0];
    expect(row?.n).toBe(4);
    // user [5, 1, 3, 3] vs judge [5, 2, 3, 4]: ranks [4, 1, 2.5, 2.5] vs [4, 1, 2, 3].
    expect(row?.spearman).toBeCloseTo(4.5 / Math.sqrt(4.5 * 5), 10);
  });

  it('leaves a chat whose judgments were all unparseable out of n', async () => {
    const unparseable = new ScriptedEngine((r) => (lastUser(r).includes('[quality 4]') ? 'No idea.' : judge(r)));
    const report = buildReport(await runEvaluation(run([chat('c1', 5, 5), chat('c2', 2, 1), chat('c3', 4, 3)]), { judge: unparseable, answerFor }));
    expect(report.chats.agreement).toEqual([{ dimension: 'overall', n: 2, spearman: null }]);
    expect(report.chats.scores.find((s) => s.chatId === 'c3')).toMatchObject({ judge: null, unparseable: 1 });
  });

  it('exports ratings, judge scores, comments and agreement as CSV rows', async () => {
    const done = await runEvaluation(run([chat('c1', 5, 5), chat('c2', 2, 1), chat('c3', 3, 3)]), { judge: new ScriptedEngine(judge), answerFor });
    const csv = reportToCsv(buildReport(done), { bom: false });
    expect(csv).toContain('user-rating,,,overall,c1,user,5,1,\r\n');
    expect(csv).toContain('user-rating,,,overall,c1,judge,5,1,0\r\n');
    expect(csv).toContain('user-rating,,,,c1,comment,Felt real.,,\r\n');
    expect(csv).toContain('agreement,,,overall,,spearman,1,3,\r\n');
    expect(judgementsToCsv(done, { bom: false })).toContain('user-chat,c2,overall,1,2,,stop,');
  });

  it('resumes a saved run without judging a chat twice, and refuses bad rated chats by name', async () => {
    const engine = new ScriptedEngine(judge);
    const controller = new AbortController();
    let calls = 0;
    const partial = await runEvaluation(run([chat('c1', 5, 5), chat('c2', 2, 1)]), {
      judge: engine,
      answerFor,
      signal: controller.signal,
      onCheckpoint: (s) => {
        if (Object.keys(s.chatJudgements ?? {}).length === 1) controller.abort();
        calls++;
      },
    });
    expect(partial.status).toBe('cancelled');
    const resumed = await runEvaluation(assertRunState(JSON.parse(JSON.stringify(partial))), { judge: engine, answerFor });
    expect(Object.keys(resumed.chatJudgements ?? {})).toEqual(['chat|c1|overall|0', 'chat|c2|overall|0']);
    expect(engine.requests.filter((r) => lastUser(r).includes('[Chat]'))).toHaveLength(2);
    expect(calls).toBeGreaterThan(0);
    expect(() => run([{ ...chat('c1', 5, 5), exchanges: [] }])).toThrow('The rated chat "Chat c1" has no reply to judge.');
    expect(() => run([chat('c1', 5, 9)])).toThrow(/The rating of the chat "Chat c1" needs at least one score/);
    expect(() => run([chat('c1', 5, 5), chat('c1', 5, 5)])).toThrow(/missing or repeated id/);
  });
});
