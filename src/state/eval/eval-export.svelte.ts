import { buildReport } from '../../core/eval/report.ts';
import { judgementsToCsv, reportToCsv, reportToJson, transcriptsToCsv } from '../../core/eval/report-export.ts';
import type { EvalRunState } from '../../core/eval/run-state.ts';
import type { TokenCounter } from '../../core/token-counter.ts';

/** The files a run can be exported as. */
export type EvalFileKind = 'report-json' | 'report-csv' | 'transcripts-csv' | 'judgements-csv';

/** Every export, with its button label, in display order. */
export const EVAL_FILES: ReadonlyArray<{ kind: EvalFileKind; label: string }> = [
  { kind: 'report-json', label: 'Report (JSON)' },
  { kind: 'report-csv', label: 'Report (CSV)' },
  { kind: 'transcripts-csv', label: 'Answers (CSV)' },
  { kind: 'judgements-csv', label: 'Judgements (CSV)' },
];

/** A file ready to be downloaded. */
export interface EvalDownload {
  blob: Blob;
  fileName: string;
  /** The file's text, e.g. for a test or a preview. */
  text: string;
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'character'
  );
}

function stamp(time: number): string {
  return new Date(time).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
}

/** One export of a run as a downloadable file named after the character and the run's start. */
export function evalDownload(state: EvalRunState, kind: EvalFileKind, counter?: TokenCounter): EvalDownload {
  const base = `egos-eval-${slug(state.plan.character.name)}-${stamp(state.createdAt)}`;
  if (kind === 'report-json') {
    const text = reportToJson(buildReport(state, { tokenCounter: counter }));
    return { text, fileName: `${base}-report.json`, blob: new Blob([text], { type: 'application/json' }) };
  }
  const [text, name] =
    kind === 'report-csv'
      ? [reportToCsv(buildReport(state, { tokenCounter: counter })), 'report']
      : kind === 'transcripts-csv'
        ? [transcriptsToCsv(state), 'answers']
        : [judgementsToCsv(state), 'judgements'];
  return { text, fileName: `${base}-${name}.csv`, blob: new Blob([text], { type: 'text/csv;charset=utf-8' }) };
}
