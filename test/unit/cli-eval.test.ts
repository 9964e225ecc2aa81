/**
 * `npm run eval` against the OpenAI fixture server: the real entry as a child process (exit
 * codes, files), resuming and input errors in-process (the Qwen tokenizer loads once).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportCardPng } from '../../src/core/cards/index.ts';
import type { EvalReport } from '../../src/core/eval/report.ts';
import type { EvalRunState } from '../../src/core/eval/run-state.ts';
import { parseEvalArgs, type EvalCliOptions } from '../../src/cli/eval-args.ts';
import { runEvalCommand } from '../../src/cli/eval-command.ts';
import { startFixtureServer, type FixtureServer, type RecordedRequest } from '../support/openai-fixture-server.ts';

const root = join(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
let server: FixtureServer;
let dir: string;
let card: string;

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ['src/cli/eval.ts', ...args], { cwd: root, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const userText = (r: RecordedRequest): string => JSON.stringify(r.body?.messages ?? r.body?.prompt ?? '');
const isJudge = (r: RecordedRequest): boolean => userText(r).includes('strict and fair evaluator');
const isPairwise = (r: RecordedRequest): boolean => userText(r).includes('[Conversation A]');

/** Character answers in quote mode; the judge scores 4 except its very first answer, which is garbage. */
function scripted(options: { failAfter?: number } = {}) {
  let judged = 0;
  let completions = 0;
  server.setScript((r) => {
    if (r.method !== 'POST') return {};
    completions++;
    if (options.failAfter !== undefined && completions > options.failAfter) return { error: { status: 500, message: 'server overloaded' } };
    if (isPairwise(r)) return { tokens: ['A stays closer to the profile.\n', 'Verdict: A'] };
    if (isJudge(r)) return { tokens: judged++ === 0 ? ['I cannot decide, sorry.'] : ['The replies fit the profile well.\n', 'Score: 4'] };
    return { tokens: ['Ada Lovelace: "', 'I am Ada, a mathematician of London, and I adore the Engine.', '"'] };
  });
}

function parsed(argv: string[]): EvalCliOptions {
  const options = parseEvalArgs(argv);
  if (!options) throw new Error('expected options');
  return options;
}

const args = (out: string, extra: string[] = []): string[] => [
  '--persona',
  card,
  '--endpoint',
  server.baseUrl,
  '--model',
  'test-model',
  '--out',
  out,
  '--max-questions',
  '3',
  ...extra,
];

beforeAll(async () => {
  server = await startFixtureServer();
  dir = await mkdtemp(join(tmpdir(), 'egos-cli-'));
  card = join(dir, 'ada.png');
  await writeFile(
    card,
    exportCardPng({
      name: 'Ada Lovelace',
      description: 'Mathematician in 1843 London.',
      behaviours: {
        catchphrases: ['the Engine'],
        dialect: '',
        speakingStyle: '',
        frequentWords: [],
        personality: 'Curious',
        emotionalExpression: '',
        interactionPatterns: '',
      },
      boundary: { era: 'London, 1843', knows: '', cannotKnow: ['smartphones'] },
    }),
  );
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  server.requests.length = 0;
});

describe('npm run eval', { timeout: 30_000 }, () => {
  it('runs the interview with ablations and a judge, and writes the report files', async () => {
    scripted();
    const out = join(dir, 'full');
    const result = await runCli(args(out, ['--samples', '2', '--ablations']));
    expect(result.stderr).toContain('[0/');
    expect(result.code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as EvalReport;
    expect(report).toMatchObject({
      schema: 'egos-eval-report',
      status: 'done',
      character: { name: 'Ada Lovelace' },
      set: { items: 3 },
      judge: { samples: 2, label: `test-model @ 127.0.0.1:${server.port}` },
    });
    expect(report.configurations.map((c) => c.id)).toEqual(['full', 'no-quote', 'no-extract', 'no-memory', 'no-style', 'no-exemplars']);
    const unparseable = report.scores.reduce((n, s) => n + s.unparseable, 0);
    expect(unparseable).toBe(1);
    expect(report.scores.every((s) => s.mean === 4)).toBe(true);
    expect(report.pairwise[0]).toMatchObject({ a: 'no-quote', b: 'full', n: 3, inconsistent: 3 });
    expect(report.metrics.find((m) => m.configurationId === 'full')).toMatchObject({ quoteCompliance: 1, catchphraseRate: 1, roleBreakRate: 0 });

    const csv = await readFile(join(out, 'report.csv'), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFFsection,configuration,versus,dimension,item,metric,value,n,unparseable');
    expect(csv).toContain('score,full,,consistency,,mean,4,3,');
    const transcripts = (await readFile(join(out, 'transcripts.csv'), 'utf8')).trim().split('\r\n');
    expect(transcripts.length - 1).toBeGreaterThanOrEqual(18);
    expect(transcripts.filter((row) => row.startsWith('full,')).every((row) => row.includes('I am Ada, a mathematician of London'))).toBe(true);
    const judgements = await readFile(join(out, 'judgements.csv'), 'utf8');
    expect(judgements).toContain('no-score');
    expect(result.stdout).toContain('full: consistency 4.00');
    const state = JSON.parse(await readFile(join(out, 'run-state.json'), 'utf8')) as EvalRunState;
    expect(state.status).toBe('done');
  });

  it('keeps a failed run in run-state.json and resumes it without redoing finished tasks', async () => {
    const out = join(dir, 'resume');
    const log: string[] = [];
    const io = { log: (line: string) => void log.push(line), print: () => undefined };
    scripted({ failAfter: 5 });
    expect(await runEvalCommand(parsed(args(out)), io)).toBe(1);
    expect(log.join('\n')).toContain('Run the same command again to resume.');
    const saved = JSON.parse(await readFile(join(out, 'run-state.json'), 'utf8')) as EvalRunState;
    expect(saved.status).toBe('failed');
    const doneAnswers = Object.keys(saved.transcripts);
    expect(doneAnswers.length).toBeGreaterThan(0);

    server.requests.length = 0;
    scripted();
    expect(await runEvalCommand(parsed(args(out, ['--samples', '3'])), io)).toBe(0);
    expect(log.join('\n')).toContain('Resuming the run');
    const final = JSON.parse(await readFile(join(out, 'run-state.json'), 'utf8')) as EvalRunState;
    expect(final.status).toBe('done');
    expect(final.plan.judge.samples).toBe(1);
    for (const key of doneAnswers) expect(final.transcripts[key]).toEqual(saved.transcripts[key]);
    const answerCalls = server.completions().filter((r) => !isJudge(r));
    const newExchanges = Object.entries(final.transcripts)
      .filter(([key]) => !doneAnswers.includes(key))
      .reduce((n, [, t]) => n + t.exchanges.length, 0);
    expect(answerCalls).toHaveLength(newExchanges);
  });

  it("refuses to resume another character's run and reports an unreadable card", async () => {
    const io = { log: () => undefined, print: () => undefined };
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify({ spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'Babbage', description: 'Inventor.' } }));
    scripted();
    await expect(
      runEvalCommand(parsed(['--persona', other, '--endpoint', server.baseUrl, '--model', 'test-model', '--out', join(dir, 'resume')]), io),
    ).rejects.toThrow(/holds a run for "Ada Lovelace", not "Babbage"\. Use another --out folder or --restart\./);
    await expect(runEvalCommand(parsed(['--persona', join(dir, 'nope.png'), '--endpoint', server.baseUrl, '--model', 'test-model']), io)).rejects.toThrow(
      /Could not read the character card .*nope\.png/,
    );
  });

  it('exits with 2 on bad arguments and 1 on an unreachable server, saying why', async () => {
    const [missing, down] = await Promise.all([
      runCli(['--persona', card, '--endpoint', server.baseUrl]),
      runCli(['--persona', card, '--endpoint', 'http://127.0.0.1:9/v1', '--model', 'test-model', '--out', join(dir, 'down')]),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('Missing --model');
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/The model server could not be used: Could not connect to/);
    expect(existsSync(join(dir, 'down'))).toBe(false);
  });
});
