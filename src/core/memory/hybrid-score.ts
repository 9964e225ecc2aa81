/**
 * Hybrid memory score (Generative Agents' recency + importance + relevance, MemoryBank's
 * strengthening by recall). Relevance is split into lexical (BM25) and dense (cosine), each
 * min-max normalised over the candidate set; recency and importance are absolute 0..1 values.
 *
 * Default weights start from the Generative Agents release (recency 0.5, relevance 3,
 * importance 2); relevance 3 is split dense 2 + lexical 1, and when no vectors are used the
 * whole 3 goes to lexical (and the reverse in dense-only mode). Pinned memories get +5: an
 * unpinned memory can reach at most 5.5 (relevance 3 + importance 2 + recency 0.5), so pinned
 * ones come first unless an unpinned one is top on nearly everything, and pinned ones are still
 * ordered among themselves by the rest.
 */

/** Weights of the parts of the hybrid score. */
export interface HybridWeights {
  lexical: number;
  dense: number;
  recency: number;
  importance: number;
  pinned: number;
}

/** Defaults; see the module comment for where they come from. */
export const DEFAULT_HYBRID_WEIGHTS: Readonly<HybridWeights> = {
  lexical: 1,
  dense: 2,
  recency: 0.5,
  importance: 2,
  pinned: 5,
};

/** How fast memories fade: exponential decay since last access, slower for recalled ones. */
export interface RecencyOptions {
  /** Half-life of a memory never recalled, in ms (default 3 days). */
  halfLifeMs: number;
  /** Each recall multiplies the strength by (1 + this × accessCount) (default 0.5). */
  strengthPerAccess: number;
}

/** Defaults for {@link recencyScore}. */
export const DEFAULT_RECENCY: Readonly<RecencyOptions> = {
  halfLifeMs: 3 * 24 * 3600 * 1000,
  strengthPerAccess: 0.5,
};

/** The parts of one memory's score: raw values and their 0..1 normalised forms. */
export interface ScoreParts {
  /** Raw BM25 score (0 when no query word matches). */
  bm25: number;
  /** Raw cosine, or undefined when no vector was compared. */
  cosine?: number;
  /** Min-max normalised BM25 over the candidates. */
  lexical: number;
  /** Min-max normalised cosine over the candidates. */
  dense: number;
  recency: number;
  importance: number;
  pinned: boolean;
}

/**
 * MemoryBank-style retention R = e^(−t/S): t = time since last access, S grows with each
 * recall. Returns 1 for a memory accessed now (or in the future), towards 0 for old ones.
 */
export function recencyScore(lastAccessedAt: number, accessCount: number, now: number, options: RecencyOptions = DEFAULT_RECENCY): number {
  const t = Math.max(0, now - lastAccessedAt);
  const strength = (options.halfLifeMs / Math.LN2) * (1 + options.strengthPerAccess * Math.max(0, accessCount));
  return strength <= 0 ? 0 : Math.exp(-t / strength);
}

/** Importance 1..10 mapped to 0..1 (clamped; non-numbers count as 1). */
export function importanceScore(importance: number): number {
  if (!Number.isFinite(importance)) return 0;
  return (Math.min(10, Math.max(1, importance)) - 1) / 9;
}

/** Min-max normalises values to 0..1; when all are equal they map to 1 if positive, else 0. */
export function minMaxNormalise(values: readonly number[]): number[] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  return values.map((v) => (span > 0 ? (v - min) / span : v > 0 ? 1 : 0));
}

/** Moves the relevance weight onto the signal actually used (lexical-only or dense-only). */
export function effectiveWeights(weights: HybridWeights, useLexical: boolean, useDense: boolean): HybridWeights {
  const relevance = weights.lexical + weights.dense;
  if (useLexical && !useDense) return { ...weights, lexical: relevance, dense: 0 };
  if (useDense && !useLexical) return { ...weights, lexical: 0, dense: relevance };
  return { ...weights };
}

/** Weighted sum of normalised parts. */
export function hybridScore(parts: ScoreParts, weights: HybridWeights): number {
  return (
    weights.lexical * parts.lexical +
    weights.dense * parts.dense +
    weights.recency * parts.recency +
    weights.importance * parts.importance +
    (parts.pinned ? weights.pinned : 0)
  );
}
