import type { LlmEngine } from '../llm-engine.ts';
import { collectText } from '../llm-output.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import { calibrationSet, shownPairExamples, shownScoreExamples, type ScoreExample } from './calibration-set.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import { buildPairwiseJudgeRequest, buildSingleJudgeRequest, type JudgeSubject } from './judge-prompts.ts';
import { combineOrders, type PairOutcome } from './pairwise-outcome.ts';
import { parseJudgeScore } from './score-parser.ts';
import { spearman } from './spearman.ts';
import { parseVerdict, type Verdict } from './verdict-parser.ts';

/** Spearman's ρ over the held-out scores is given only from this many readable scores. */
export const MIN_CALIBRATION_SPEARMAN = 5;

/** How the judge's scores of held-out examples agree with the hand-given ones. */
export interface ScoreAgreement {
  /** Examples the judge gave a readable score. */
  n: number;
  /** Share of them with exactly the gold score (null when n is 0). */
  exact: number | null;
  /** Share at most one point away. */
  withinOne: number | null;
  /** Spearman's ρ of judge and gold scores; null below {@link MIN_CALIBRATION_SPEARMAN} or when undefined. */
  spearman: number | null;
  unparseable: number;
}

/** How the judge's verdicts on held-out comparisons (both orders) agree with the hand-given winners. */
export interface PairAgreement {
  /** Comparisons with a readable verdict in both orders. */
  n: number;
  /** Share of them whose outcome (both orders must agree) is the gold winner; null when n is 0. */
  accuracy: number | null;
  unparseable: number;
}

/** Agreement on the held-out examples in one condition. */
export interface CalibrationFigures {
  scores: ScoreAgreement;
  pairs: PairAgreement;
}

/** The judge measured on the held-out examples of one language, without and with the shown examples in its prompt. */
export interface CalibrationMeasurement {
  language: PersonaLanguage;
  withoutShots: CalibrationFigures;
  withShots: CalibrationFigures;
  /** Held-out examples used. */
  heldOut: { scores: number; pairs: number };
}

/** Agreement of judged scores (null: unreadable) with gold scores. */
export function scoreAgreement(results: ReadonlyArray<{ gold: number; judged: number | null }>): ScoreAgreement {
  const read = results.flatMap((r) => (r.judged === null ? [] : [{ gold: r.gold, judged: r.judged }]));
  const n = read.length;
  const share = (ok: (r: { gold: number; judged: number }) => boolean): number | null => (n === 0 ? null : read.filter(ok).length / n);
  return {
    n,
    exact: share((r) => r.judged === r.gold),
    withinOne: share((r) => Math.abs(r.judged - r.gold) <= 1),
    spearman:
      n >= MIN_CALIBRATION_SPEARMAN
        ? spearman(
            read.map((r) => r.gold),
            read.map((r) => r.judged),
          )
        : null,
    unparseable: results.length - n,
  };
}

const GOLD: Readonly<Record<Verdict, PairOutcome>> = { A: 'a', B: 'b', tie: 'tie' };

/** Agreement of pairwise outcomes with gold winners (`a` is the example's A); an inconsistent outcome counts as wrong. */
export function pairAgreement(results: ReadonlyArray<{ gold: Verdict; outcome: PairOutcome }>): PairAgreement {
  const read = results.filter((r) => r.outcome !== 'unparseable');
  return {
    n: read.length,
    accuracy: read.length === 0 ? null : read.filter((r) => r.outcome === GOLD[r.gold]).length / read.length,
    unparseable: results.length - read.length,
  };
}

/** Options of {@link measureCalibration}. */
export interface CalibrationOptions {
  language: PersonaLanguage;
  sampling?: SamplingOptions;
  maxTokens?: number;
  signal?: AbortSignal;
  /** Called before every judge call. */
  onProgress?: (done: number, total: number) => void;
}

const exchange = (question: string, answer: string): InterviewExchange => ({ question, answer, followUp: false, dodged: false });

function scoreSubject(e: ScoreExample, language: PersonaLanguage): JudgeSubject {
  return { characterName: e.characterName, profile: e.character, exchanges: e.dialogue.map(([q, a]) => exchange(q, a)), language };
}

/** The number of judge calls {@link measureCalibration} makes for `language`. */
export function calibrationCalls(language: PersonaLanguage): number {
  const set = calibrationSet(language);
  return 2 * (set.scores.filter((e) => e.split === 'held-out').length + 2 * set.pairs.filter((e) => e.split === 'held-out').length);
}

/**
 * Runs `judge` on the held-out calibration examples of `language` twice, without and with the
 * shown examples in its prompt (one sample each; comparisons in both orders), and measures its
 * agreement with the hand-given labels. Unreadable answers are counted, never guessed.
 * @throws EngineError from the judge; the signal's reason when it is aborted.
 */
export async function measureCalibration(judge: LlmEngine, options: CalibrationOptions): Promise<CalibrationMeasurement> {
  const { language, signal } = options;
  const set = calibrationSet(language);
  const scores = set.scores.filter((e) => e.split === 'held-out');
  const pairs = set.pairs.filter((e) => e.split === 'held-out');
  const total = calibrationCalls(language);
  let done = 0;
  const call = async (request: ReturnType<typeof buildSingleJudgeRequest>): Promise<string> => {
    signal?.throwIfAborted();
    options.onProgress?.(done, total);
    const { text } = await collectText(judge, request, { signal });
    signal?.throwIfAborted();
    done++;
    return text;
  };
  const base = { sampling: options.sampling, maxTokens: options.maxTokens };
  const figures = async (withShots: boolean): Promise<CalibrationFigures> => {
    const scored: Array<{ gold: number; judged: number | null }> = [];
    for (const e of scores) {
      const shots = withShots ? { scores: shownScoreExamples(language, e.dimension) } : undefined;
      const parsed = parseJudgeScore(await call(buildSingleJudgeRequest(scoreSubject(e, language), e.dimension, { ...base, shots })));
      scored.push({ gold: e.score, judged: parsed.kind === 'score' ? parsed.score : null });
    }
    const compared: Array<{ gold: Verdict; outcome: PairOutcome }> = [];
    for (const e of pairs) {
      const shots = withShots ? { pairs: shownPairExamples(language) } : undefined;
      const subject = { characterName: e.characterName, profile: e.character };
      const [a, b] = [[exchange(e.question, e.a)], [exchange(e.question, e.b)]] as const;
      const ab = parseVerdict(await call(buildPairwiseJudgeRequest(subject, a, b, { ...base, shots })));
      const ba = parseVerdict(await call(buildPairwiseJudgeRequest(subject, b, a, { ...base, shots })));
      compared.push({ gold: e.winner, outcome: combineOrders(ab, ba) });
    }
    return { scores: scoreAgreement(scored), pairs: pairAgreement(compared) };
  };
  const withoutShots = await figures(false);
  const withShots = await figures(true);
  options.onProgress?.(done, total);
  return { language, withoutShots, withShots, heldOut: { scores: scores.length, pairs: pairs.length } };
}
