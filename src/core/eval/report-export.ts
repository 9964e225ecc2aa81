import { toCsv, type CsvCell, type CsvOptions } from './csv.ts';
import type { EvalReport } from './report.ts';
import type { EvalRunState } from './run-state.ts';

/** The report as pretty-printed JSON (schema `egos-eval-report`, version 1). */
export function reportToJson(report: EvalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

const HEADER = ['section', 'configuration', 'versus', 'dimension', 'item', 'metric', 'value', 'n', 'unparseable'];

/**
 * The report as one tidy CSV table, one value per row: `score` rows per configuration and
 * dimension, `item-score` rows, `pairwise` rows (wins/ties/…/preference of configuration vs versus),
 * `follow-up` rows (model-asked and scripted follow-ups, by reason),
 * `metric` rows per configuration, and for the user's rated chats `user-rating` rows (the
 * user's score, the judge's mean, the comment; item = chat id), `agreement` rows (Spearman's ρ
 * per dimension, empty below three chats) and `evidence` rows (what the judge quoted), and when the
 * judge was calibrated before the run `calibration` rows (configuration `without` / `with` the shown
 * examples; exact, within-one, Spearman, pairs right; n = readable held-out examples).
 */
export function reportToCsv(report: EvalReport, options: CsvOptions = {}): string {
  const rows: CsvCell[][] = [HEADER];
  for (const s of report.scores) rows.push(['score', s.configurationId, '', s.dimension, '', 'mean', s.mean, s.n, s.unparseable]);
  for (const s of report.itemScores) rows.push(['item-score', s.configurationId, '', s.dimension, s.itemId, 'mean', s.mean, s.samples, s.unparseable]);
  for (const p of report.pairwise) {
    const counts: Array<[string, number]> = [
      ['wins', p.winsA],
      ['losses', p.winsB],
      ['ties', p.ties],
      ['inconsistent', p.inconsistent],
    ];
    for (const [metric, value] of counts) rows.push(['pairwise', p.a, p.b, '', '', metric, value, p.n, p.unparseable]);
    rows.push(['pairwise', p.a, p.b, '', '', 'preference', p.preference, p.n, p.unparseable]);
  }
  for (const f of report.followUps) {
    rows.push(['follow-up', f.configurationId, '', '', '', 'model', f.model, '', '']);
    rows.push(['follow-up', f.configurationId, '', '', '', 'script', f.script, '', '']);
    for (const [reason, count] of Object.entries(f.reasons)) rows.push(['follow-up', f.configurationId, '', '', '', `reason-${reason}`, count, '', '']);
    if (f.looked > 0) rows.push(['follow-up', f.configurationId, '', '', '', 'interviewer-unreadable', f.unparseable, f.looked, '']);
  }
  for (const m of report.metrics) {
    for (const [metric, value] of Object.entries(m)) {
      if (metric === 'configurationId' || typeof value === 'object') continue;
      rows.push(['metric', m.configurationId, '', '', '', metric, value, m.replies, '']);
    }
    for (const [reaction, count] of Object.entries(m.boundaryReactions))
      rows.push(['metric', m.configurationId, '', '', '', `boundary-${reaction}`, count, m.boundaryProbes, '']);
    for (const [rule, count] of Object.entries(m.roleBreakRules))
      rows.push(['metric', m.configurationId, '', '', '', `role-break-${rule}`, count, m.replies, '']);
  }
  for (const s of report.itemScores)
    for (const quote of s.evidence ?? []) rows.push(['evidence', s.configurationId, '', s.dimension, s.itemId, 'quote', quote, '', '']);
  const { ratings, scores, agreement } = report.chats;
  for (const c of scores) {
    rows.push(['user-rating', '', '', c.dimension, c.chatId, 'user', c.user, 1, '']);
    rows.push(['user-rating', '', '', c.dimension, c.chatId, 'judge', c.judge, c.samples, c.unparseable]);
    for (const quote of c.evidence ?? []) rows.push(['evidence', '', '', c.dimension, c.chatId, 'quote', quote, '', '']);
  }
  for (const r of ratings) if (r.comment !== '') rows.push(['user-rating', '', '', '', r.chatId, 'comment', r.comment, '', '']);
  for (const a of agreement) rows.push(['agreement', '', '', a.dimension, '', 'spearman', a.spearman, a.n, '']);
  const check = report.judge.calibrationCheck;
  if (check) {
    for (const [condition, f] of [
      ['without', check.withoutShots],
      ['with', check.withShots],
    ] as const) {
      rows.push(['calibration', condition, '', '', '', 'exact', f.scores.exact, f.scores.n, f.scores.unparseable]);
      rows.push(['calibration', condition, '', '', '', 'within-one', f.scores.withinOne, f.scores.n, f.scores.unparseable]);
      rows.push(['calibration', condition, '', '', '', 'spearman', f.scores.spearman, f.scores.n, f.scores.unparseable]);
      rows.push(['calibration', condition, '', '', '', 'pairs-right', f.pairs.accuracy, f.pairs.n, f.pairs.unparseable]);
    }
  }
  return toCsv(rows, options);
}

/** Every question and answer of a run as CSV, for reading the replies in a spreadsheet. */
export function transcriptsToCsv(state: EvalRunState, options: CsvOptions = {}): string {
  const rows: CsvCell[][] = [['configuration', 'item', 'category', 'turn', 'follow_up', 'dodged', 'closed_quote', 'question', 'answer', 'asked_by', 'reason']];
  const category = new Map(state.plan.set.items.map((i) => [i.id, i.category]));
  for (const t of Object.values(state.transcripts)) {
    t.exchanges.forEach((e, turn) => {
      const askedBy = e.followUp ? (e.askedBy ?? 'script') : '';
      rows.push([t.configurationId, t.itemId, category.get(t.itemId), turn + 1, e.followUp, e.dodged, e.closedQuote, e.question, e.answer, askedBy, e.reason]);
    });
  }
  return toCsv(rows, options);
}

/** Every judge sample with its raw text as CSV, so unparseable judgments can be inspected (a rated chat's: configuration `user-chat`, item = chat id). */
export function judgementsToCsv(state: EvalRunState, options: CsvOptions = {}): string {
  const rows: CsvCell[][] = [['configuration', 'item', 'dimension', 'sample', 'score', 'unparseable_reason', 'finish_reason', 'raw']];
  for (const j of Object.values(state.judgements)) {
    const parsed = j.result.kind === 'score' ? [j.result.score, ''] : ['', j.result.reason];
    rows.push([j.configurationId, j.itemId, j.dimension, j.sample + 1, ...parsed, j.finishReason, j.raw]);
  }
  for (const j of Object.values(state.chatJudgements ?? {})) {
    const parsed = j.result.kind === 'score' ? [j.result.score, ''] : ['', j.result.reason];
    rows.push(['user-chat', j.chatId, j.dimension, j.sample + 1, ...parsed, j.finishReason, j.raw]);
  }
  return toCsv(rows, options);
}
