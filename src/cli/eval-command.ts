import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { isLocalUrl } from '../adapters/openai/is-local-url.ts';
import { OpenAiEngine } from '../adapters/openai/openai-engine.ts';
import { loadQwenTokenizer } from '../adapters/qwen-tokenizer/index.ts';
import { fflateZip } from '../adapters/zip/fflate-zip.ts';
import { importCard } from '../core/cards/index.ts';
import { AppError } from '../core/errors/index.ts';
import { buildDefaultInterviewSet } from '../core/eval/default-interview-set.ts';
import { buildReport } from '../core/eval/report.ts';
import type { EvalRunState } from '../core/eval/run-state.ts';
import { runEvaluation } from '../core/eval/runner.ts';
import { validateInterviewSet } from '../core/eval/validate-interview-set.ts';
import type { InterviewSet } from '../core/eval/interview-set.ts';
import { createAnswerFor, createEvaluation, sampleInterviewSet } from '../core/eval-pipeline/index.ts';
import { english } from '../core/i18n/message.ts';
import { newId, type PersonaId } from '../core/ids.ts';
import { createPersona, type Persona } from '../core/persona/index.ts';
import type { TokenCounter } from '../core/token-counter.ts';
import { CliError } from './cli-error.ts';
import type { EvalCliOptions } from './eval-args.ts';
import { loadRunState, saveRunState, writeReportFiles } from './report-files.ts';
import { summaryLines } from './summary-lines.ts';

/** Where the command writes and what stops it. */
export interface CommandIo {
  /** Progress and warnings (stderr). */
  log(line: string): void;
  /** The final summary (stdout). */
  print(line: string): void;
  signal?: AbortSignal;
}

async function readInput(path: string, what: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError('io', `Could not read the ${what} ${path} (${detail}). Check the path.`, { cause: error });
  }
}

async function readPersona(path: string, io: CommandIo): Promise<Persona> {
  const { persona, warnings } = importCard(await readInput(path, 'character card'), basename(path), fflateZip);
  for (const warning of warnings) io.log(`Card: ${english(warning)}`);
  return createPersona(persona, newId<PersonaId>(), Date.now());
}

async function readInterview(path: string): Promise<InterviewSet> {
  const text = new TextDecoder().decode(await readInput(path, 'interview set'));
  try {
    return validateInterviewSet(JSON.parse(text));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError('usage', `${path} is not a usable interview set: ${detail}`, { cause: error });
  }
}

function labelOf(model: string, baseUrl: string): string {
  return `${model} @ ${URL.canParse(baseUrl) ? new URL(baseUrl).host : baseUrl}`;
}

async function connect(
  role: string,
  baseUrl: string,
  model: string,
  options: EvalCliOptions,
  apiKey: string | undefined,
  io: CommandIo,
): Promise<OpenAiEngine> {
  const engine = new OpenAiEngine({ baseUrl, apiKey, rawCompletion: options.rawCompletion });
  io.log(`Connecting to the ${role} ${labelOf(model, baseUrl)}${isLocalUrl(baseUrl) ? '' : ' (text leaves this machine)'}…`);
  try {
    await engine.load(model, { signal: io.signal });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw new CliError('io', `The ${role} server could not be used: ${error.message}`, { cause: error });
  }
  return engine;
}

async function newRun(options: EvalCliOptions, persona: Persona): Promise<EvalRunState> {
  let set = options.interview ? await readInterview(options.interview) : buildDefaultInterviewSet(persona, { language: options.language });
  if (options.maxQuestions !== undefined) set = sampleInterviewSet(set, options.maxQuestions);
  const judgeModel = options.judgeModel ?? options.model;
  return createEvaluation({
    persona,
    set,
    ablationIds: options.ablations ? ['no-quote', 'no-extract', 'no-memory', 'no-style', 'no-exemplars'] : [],
    samples: options.samples,
    modelLabel: labelOf(options.model, options.endpoint),
    judgeLabel: labelOf(judgeModel, options.judgeEndpoint ?? options.endpoint),
  });
}

async function startingState(options: EvalCliOptions, persona: Persona, io: CommandIo): Promise<EvalRunState> {
  const saved = options.restart ? null : await loadRunState(options.out);
  if (!saved) return newRun(options, persona);
  if (saved.plan.character.name !== persona.name) {
    throw new CliError('state', `${options.out} holds a run for "${saved.plan.character.name}", not "${persona.name}". Use another --out folder or --restart.`);
  }
  io.log(`Resuming the run in ${options.out} (started ${new Date(saved.createdAt).toISOString()}); its questions, configurations and samples are kept.`);
  return saved;
}

function exitCodeFor(state: EvalRunState): number {
  if (state.status === 'done') return 0;
  return state.status === 'cancelled' ? 130 : 1;
}

/**
 * Runs `npm run eval`: imports the card, connects the model (and judge) server, loads the Qwen
 * tokenizer, runs or resumes the evaluation with a checkpoint after every task, then writes the
 * report files. Returns the exit status: 0 finished, 1 failed (resume to retry), 130 cancelled.
 * @throws CliError for unreadable inputs, unusable servers or an unresumable run-state.json.
 */
export async function runEvalCommand(options: EvalCliOptions, io: CommandIo): Promise<number> {
  const persona = await readPersona(options.persona, io);
  const model = await connect('model', options.endpoint, options.model, options, options.apiKey, io);
  const separateJudge = options.judgeEndpoint !== undefined || options.judgeModel !== undefined;
  const judge = separateJudge
    ? await connect('judge', options.judgeEndpoint ?? options.endpoint, options.judgeModel ?? options.model, options, options.judgeApiKey, io)
    : model;
  const counter: TokenCounter = await loadQwenTokenizer();
  const initial = await startingState(options, persona, io);
  await saveRunState(options.out, initial);
  const state = await runEvaluation(initial, {
    judge,
    answerFor: createAnswerFor({ persona, engine: model, counter, contextWindow: options.contextWindow }),
    signal: io.signal,
    onProgress: (p) => io.log(`[${p.done}/${p.total}] ${english(p.step)}`),
    onCheckpoint: (s) => saveRunState(options.out, s),
  });
  await saveRunState(options.out, state);
  const paths = await writeReportFiles(options.out, state, counter);
  for (const line of summaryLines(buildReport(state, { tokenCounter: counter }))) io.print(line);
  if (state.status === 'failed') io.log(`The run stopped: ${state.error?.message ?? 'unknown error'} Run the same command again to resume.`);
  if (state.status === 'cancelled') io.log('Cancelled. Run the same command again to resume.');
  io.log(`Wrote ${paths.join(', ')}`);
  return exitCodeFor(state);
}
