import type { CalibrationMeasurement } from './calibrate-judge.ts';
import type { TokenCounter } from '../token-counter.ts';
import type { PromptFlags } from './configurations.ts';
import { JUDGE_DIMENSIONS, type JudgeDimension } from './dimensions.ts';
import type { InterviewCategory } from './interview-set.ts';
import { combineSamples, type PairOutcome, type PairwiseAggregation } from './pairwise-outcome.ts';
import { FOLLOW_UP_REASONS, type FollowUpReason, type InterviewerEngineChoice } from './interviewer.ts';
import { computeReplyMetrics, type MetricTranscript, type ReplyMetrics } from './reply-metrics.ts';
import { chatAgreement, type ChatAgreement } from './chat-agreement.ts';
import type { EvalRunState, JudgementRecord, RunStatus } from './run-state.ts';
import { answerKey, compareKey, pairwiseSamples, runProgress } from './run-tasks.ts';

/** Mean of k samples for one item, dimension and configuration. */
export interface ItemScore {
  configurationId: string;
  itemId: string;
  category: InterviewCategory;
  dimension: JudgeDimension;
  /** Mean of the parsed samples; null when none parsed. */
  mean: number | null;
  samples: number;
  unparseable: number;
  /** What the judge quoted as evidence, over all samples (dimensions that ask for it, e.g. correctness). */
  evidence?: string[];
}

/** One configuration's result on one dimension: mean over items (each item weighs the same). */
export interface DimensionScore {
  configurationId: string;
  dimension: JudgeDimension;
  mean: number | null;
  /** Items with at least one parsed sample. */
  n: number;
  /** Judge samples recorded as unparseable. */
  unparseable: number;
}

/** Head-to-head tally of configuration a against b, over items with both orders judged. */
export interface PairwiseRow {
  a: string;
  b: string;
  winsA: number;
  winsB: number;
  ties: number;
  inconsistent: number;
  unparseable: number;
  n: number;
  /** Mean over the items of the preference for `a` (0–1, ½ = even); null when no item has one. */
  preference: number | null;
}

/** Who asked one configuration's follow-ups, and why. */
export interface FollowUpRow {
  configurationId: string;
  /** Follow-ups a model interviewer asked. */
  model: number;
  /** Scripted follow-ups (after a dodge; also where the interviewer's reply could not be read). */
  script: number;
  /** Follow-ups by reason (scripted ones count as dodges). */
  reasons: Record<FollowUpReason, number>;
  /** Answers the model interviewer looked at, and how many of its replies could not be read. */
  looked: number;
  unparseable: number;
}

/** The report of a run, exported as JSON (this versioned shape) or CSV. */
export interface EvalReport {
  schema: 'egos-eval-report';
  version: 1;
  runId: string;
  status: RunStatus;
  createdAt: number;
  updatedAt: number;
  progress: { done: number; total: number };
  character: { name: string };
  set: { id: string; title: string; language: string; items: number };
  judge: {
    label?: string;
    samples: number;
    /** Verdicts per order of each comparison. */
    pairwiseSamples: number;
    /** How both orders made each outcome. */
    aggregation: PairwiseAggregation;
    /** Whether the judge was shown the hand-graded calibration examples. */
    calibration: boolean;
    /** The judge's agreement with the held-out hand-graded examples, without and with the shown ones, measured before the run. */
    calibrationCheck?: CalibrationMeasurement;
  };
  /** Who asked the follow-ups; `maxFollowUps` only for a model interviewer. */
  interviewer: { engine: InterviewerEngineChoice; maxFollowUps?: number };
  /** Follow-ups per configuration: model-asked or scripted, and why. */
  followUps: FollowUpRow[];
  configurations: Array<{ id: string; label: string; flags: PromptFlags; extra?: Record<string, unknown> }>;
  scores: DimensionScore[];
  itemScores: ItemScore[];
  pairwise: PairwiseRow[];
  pairwiseItems: Array<{ a: string; b: string; itemId: string; outcome: PairOutcome; preference: number | null }>;
  metrics: Array<{ configurationId: string } & ReplyMetrics>;
  /** The user's ratings of their chats, the judge's scores of them and the agreement per dimension (empty lists when the run judged none). */
  chats: ChatAgreement;
}

const avg = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((x, y) => x + y, 0) / values.length);

function itemScores(state: EvalRunState): ItemScore[] {
  const groups = new Map<string, JudgementRecord[]>();
  for (const j of Object.values(state.judgements)) {
    const key = `${j.configurationId}|${j.itemId}|${j.dimension}`;
    groups.set(key, [...(groups.get(key) ?? []), j]);
  }
  const category = new Map(state.plan.set.items.map((i) => [i.id, i.category]));
  const order = (s: ItemScore): number[] => [
    state.plan.configurations.findIndex((c) => c.id === s.configurationId),
    state.plan.set.items.findIndex((i) => i.id === s.itemId),
    JUDGE_DIMENSIONS.indexOf(s.dimension),
  ];
  return [...groups.values()]
    .map((records): ItemScore => {
      const first = records[0] as JudgementRecord;
      const scores = records.flatMap((r) => (r.result.kind === 'score' ? [r.result.score] : []));
      const evidence = [...records].sort((x, y) => x.sample - y.sample).flatMap((r) => r.evidence ?? []);
      return {
        configurationId: first.configurationId,
        itemId: first.itemId,
        category: category.get(first.itemId) ?? 'identity',
        dimension: first.dimension,
        mean: avg(scores),
        samples: scores.length,
        unparseable: records.length - scores.length,
        ...(evidence.length > 0 ? { evidence } : {}),
      };
    })
    .sort((x, y) => {
      const [p, q] = [order(x), order(y)];
      return (p[0] ?? 0) - (q[0] ?? 0) || (p[1] ?? 0) - (q[1] ?? 0) || (p[2] ?? 0) - (q[2] ?? 0);
    });
}

function dimensionScores(state: EvalRunState, items: readonly ItemScore[]): DimensionScore[] {
  return state.plan.configurations.flatMap((c) =>
    JUDGE_DIMENSIONS.flatMap((dimension) => {
      const rows = items.filter((s) => s.configurationId === c.id && s.dimension === dimension);
      if (rows.length === 0) return [];
      const means = rows.flatMap((r) => (r.mean === null ? [] : [r.mean]));
      return [{ configurationId: c.id, dimension, mean: avg(means), n: means.length, unparseable: rows.reduce((t, r) => t + r.unparseable, 0) }];
    }),
  );
}

function pairwise(state: EvalRunState): Pick<EvalReport, 'pairwise' | 'pairwiseItems'> {
  const pairwiseItems: EvalReport['pairwiseItems'] = [];
  const k = pairwiseSamples(state.plan);
  const rule = state.plan.judge.aggregation ?? 'agree';
  const rows = state.plan.pairs.map(([a, b]): PairwiseRow => {
    const row: PairwiseRow = { a, b, winsA: 0, winsB: 0, ties: 0, inconsistent: 0, unparseable: 0, n: 0, preference: null };
    const preferences: number[] = [];
    for (const item of state.plan.set.items) {
      const samples = (order: 'ab' | 'ba') => Array.from({ length: k }, (_, sample) => state.comparisons[compareKey(a, b, item.id, order, sample)]);
      const ab = samples('ab');
      const ba = samples('ba');
      if (![...ab, ...ba].every((r) => r !== undefined)) continue;
      const { outcome, preference } = combineSamples(
        ab.map((r) => r?.verdict ?? null),
        ba.map((r) => r?.verdict ?? null),
        rule,
      );
      pairwiseItems.push({ a, b, itemId: item.id, outcome, preference });
      if (preference !== null) preferences.push(preference);
      row.n++;
      if (outcome === 'a') row.winsA++;
      else if (outcome === 'b') row.winsB++;
      else if (outcome === 'tie') row.ties++;
      else if (outcome === 'inconsistent') row.inconsistent++;
      else row.unparseable++;
    }
    row.preference = avg(preferences);
    return row;
  });
  return { pairwise: rows, pairwiseItems };
}

function followUps(state: EvalRunState): FollowUpRow[] {
  return state.plan.configurations.map((c) => {
    const row: FollowUpRow = { configurationId: c.id, model: 0, script: 0, reasons: { dodge: 0, contradiction: 0, depth: 0 }, looked: 0, unparseable: 0 };
    for (const item of state.plan.set.items) {
      for (const e of state.transcripts[answerKey(c.id, item.id)]?.exchanges ?? []) {
        if (e.interviewer !== undefined) row.looked++;
        if (e.interviewer === 'unparseable') row.unparseable++;
        if (!e.followUp) continue;
        if (e.askedBy === 'model') row.model++;
        else row.script++;
        const reason = e.reason && FOLLOW_UP_REASONS.includes(e.reason) ? e.reason : 'dodge';
        row.reasons[reason]++;
      }
    }
    return row;
  });
}

/**
 * Aggregates a run (finished or not) into a report: per-item and per-dimension scores of each
 * configuration, the pairwise table (k verdicts per order, combined by the plan's rule), who
 * asked the follow-ups, and judge-free metrics. `tokenCounter` adds average tokens.
 */
export function buildReport(state: EvalRunState, options: { tokenCounter?: TokenCounter } = {}): EvalReport {
  const { plan } = state;
  const items = itemScores(state);
  const metrics = plan.configurations.map((c) => {
    const transcripts: MetricTranscript[] = plan.set.items.flatMap((item) => {
      const t = state.transcripts[answerKey(c.id, item.id)];
      return t ? [{ item, exchanges: t.exchanges }] : [];
    });
    return { configurationId: c.id, ...computeReplyMetrics(transcripts, { catchphrases: plan.character.catchphrases, tokenCounter: options.tokenCounter }) };
  });
  return {
    schema: 'egos-eval-report',
    version: 1,
    runId: state.id,
    status: state.status,
    createdAt: state.createdAt,
    updatedAt: state.updatedAt,
    progress: runProgress(state),
    character: { name: plan.character.name },
    set: { id: plan.set.id, title: plan.set.title, language: plan.set.language, items: plan.set.items.length },
    judge: {
      label: plan.judge.label,
      samples: plan.judge.samples,
      pairwiseSamples: pairwiseSamples(plan),
      aggregation: plan.judge.aggregation ?? 'agree',
      calibration: plan.judge.calibration === true,
      ...(plan.judge.calibrationCheck ? { calibrationCheck: structuredClone(plan.judge.calibrationCheck) } : {}),
    },
    interviewer:
      plan.interviewer && plan.interviewer.engine !== 'script'
        ? { engine: plan.interviewer.engine, maxFollowUps: plan.interviewer.maxFollowUps }
        : { engine: 'script' },
    followUps: followUps(state),
    configurations: plan.configurations.map((c) => ({ id: c.id, label: c.label, flags: { ...c.flags }, ...(c.extra ? { extra: c.extra } : {}) })),
    scores: dimensionScores(state, items),
    itemScores: items,
    ...pairwise(state),
    metrics,
    chats: chatAgreement(state),
  };
}
