import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildReport } from '../core/eval/report.ts';
import { judgementsToCsv, reportToCsv, reportToJson, transcriptsToCsv } from '../core/eval/report-export.ts';
import { assertRunState, type EvalRunState } from '../core/eval/run-state.ts';
import type { TokenCounter } from '../core/token-counter.ts';
import { CliError } from './cli-error.ts';

/** Name of the checkpoint file a run is resumed from. */
export const RUN_STATE_FILE = 'run-state.json';

/** The report files, in the order they are written. */
export const REPORT_FILES = ['report.json', 'report.csv', 'transcripts.csv', 'judgements.csv'] as const;

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, text, 'utf8');
  await rename(temporary, path);
}

function ioError(action: string, path: string, error: unknown): CliError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError('io', `Could not ${action} ${path} (${detail}). Check the --out folder exists and is writable.`, { cause: error });
}

/**
 * The saved run in `dir`, or null when there is none.
 * @throws CliError (`state`) when the file is not a run this version can resume; (`io`) when unreadable.
 */
export async function loadRunState(dir: string): Promise<EvalRunState | null> {
  const path = join(dir, RUN_STATE_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw ioError('read', path, error);
  }
  try {
    return assertRunState(JSON.parse(text));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new CliError('state', `${path} cannot be resumed: ${detail} Use --restart or another --out folder.`, { cause: error });
  }
}

/**
 * Saves the run state as `dir/run-state.json` (written to a temporary file, then renamed, so an
 * interrupted save never leaves half a file).
 * @throws CliError (`io`) when the folder cannot be written.
 */
export async function saveRunState(dir: string, state: EvalRunState): Promise<void> {
  const path = join(dir, RUN_STATE_FILE);
  try {
    await mkdir(dir, { recursive: true });
    await writeAtomically(path, `${JSON.stringify(state)}\n`);
  } catch (error) {
    throw ioError('write', path, error);
  }
}

/**
 * Writes report.json, report.csv, transcripts.csv and judgements.csv for `state` into `dir`;
 * returns their paths.
 * @throws CliError (`io`) when a file cannot be written.
 */
export async function writeReportFiles(dir: string, state: EvalRunState, counter?: TokenCounter): Promise<string[]> {
  const report = buildReport(state, { tokenCounter: counter });
  const texts = [reportToJson(report), reportToCsv(report), transcriptsToCsv(state), judgementsToCsv(state)];
  const paths = REPORT_FILES.map((name) => join(dir, name));
  try {
    await mkdir(dir, { recursive: true });
    for (const [i, path] of paths.entries()) await writeAtomically(path, texts[i] ?? '');
  } catch (error) {
    throw ioError('write', dir, error);
  }
  return paths;
}
