import { JUDGE_DIMENSIONS, type JudgeDimension } from './dimensions.ts';
import type { EvalRunState } from './run-state.ts';
import { spearman } from './spearman.ts';

/** Agreement is shown only from this many chats that the user rated and the judge scored on a dimension. */
export const MIN_AGREEMENT_CHATS = 3;

/** One rated chat on one dimension: the user's score and the judge's mean of k samples. */
export interface ChatScore {
  chatId: string;
  title: string;
  dimension: JudgeDimension;
  user: number;
  /** Mean of the parsed judge samples; null when none parsed (or none judged yet). */
  judge: number | null;
  samples: number;
  unparseable: number;
  evidence?: string[];
}

/** Spearman's ρ between the user's and the judge's scores on one dimension. */
export interface AgreementRow {
  dimension: JudgeDimension;
  /** Chats with both the user's score and a judge score. */
  n: number;
  /** Null when n < {@link MIN_AGREEMENT_CHATS} or when ρ is undefined (every score on one side equal). */
  spearman: number | null;
}

/** The user's ratings as the run snapshotted them, the judge's scores of those chats, and the agreement. */
export interface ChatAgreement {
  ratings: Array<{ chatId: string; title: string; scores: Partial<Record<JudgeDimension, number>>; comment: string; ratedAt: number; userTurns: number }>;
  scores: ChatScore[];
  agreement: AgreementRow[];
}

/**
 * Compares the judge with the user on the run's rated chats: per chat and dimension the user's
 * score and the judge's mean, and per dimension Spearman's ρ (ties by average ranks) over the
 * chats that have both, given only from {@link MIN_AGREEMENT_CHATS} chats.
 */
export function chatAgreement(state: EvalRunState): ChatAgreement {
  const chats = state.plan.chats ?? [];
  const records = Object.values(state.chatJudgements ?? {});
  const scores: ChatScore[] = chats.flatMap((chat) =>
    JUDGE_DIMENSIONS.flatMap((dimension): ChatScore[] => {
      const user = chat.rating.scores[dimension];
      if (user === undefined) return [];
      const samples = records.filter((r) => r.chatId === chat.chatId && r.dimension === dimension).sort((x, y) => x.sample - y.sample);
      const parsed = samples.flatMap((r) => (r.result.kind === 'score' ? [r.result.score] : []));
      const evidence = samples.flatMap((r) => r.evidence ?? []);
      return [
        {
          chatId: chat.chatId,
          title: chat.title,
          dimension,
          user,
          judge: parsed.length === 0 ? null : parsed.reduce((a, b) => a + b, 0) / parsed.length,
          samples: parsed.length,
          unparseable: samples.length - parsed.length,
          ...(evidence.length > 0 ? { evidence } : {}),
        },
      ];
    }),
  );
  const agreement = JUDGE_DIMENSIONS.flatMap((dimension): AgreementRow[] => {
    const rows = scores.filter((s) => s.dimension === dimension);
    if (rows.length === 0) return [];
    const paired = rows.flatMap((s) => (s.judge === null ? [] : [[s.user, s.judge] as const]));
    const rho =
      paired.length >= MIN_AGREEMENT_CHATS
        ? spearman(
            paired.map(([u]) => u),
            paired.map(([, j]) => j),
          )
        : null;
    return [{ dimension, n: paired.length, spearman: rho }];
  });
  const ratings = chats.map((c) => ({ chatId: c.chatId, title: c.title, ...structuredClone(c.rating) }));
  return { ratings, scores, agreement };
}
