/**
 * Selective exemplars (ChatHaruhi): the character's sample lines most similar to the current
 * context, filled greedily into a token budget. Similarity is cosine when both the line and
 * the query have a vector of the current model, else BM25 (over the line and the line it
 * answered) scaled to 0..1 by the best BM25 score. Lines that match nothing keep their
 * original order after the matching ones, so a persona always gets some examples.
 */
import type { MemoryId } from '../ids.ts';
import type { TokenCounter } from '../token-counter.ts';
import { Bm25Index } from './bm25-index.ts';
import { DEFAULT_STOPWORDS } from './stopwords.ts';
import type { TextDedup } from './text-dedup.ts';
import { fillSlot, type FilledSlot } from './token-budget.ts';
import { dot } from './vector-math.ts';

/**
 * Where an example line comes from: the card's example dialogue, a stored sample line, the
 * source material, an experience, or a reply the user kept (rated up, or chosen among several).
 */
export type ExemplarOrigin = 'card' | 'sample-line' | 'source' | 'experience' | 'kept-reply';

/** A line that may be used as an example. */
export interface ExemplarCandidate {
  id: string;
  /** Text put in the prompt. */
  text: string;
  /** Extra text used only for matching (e.g. the line it answered). */
  context?: string;
  /** L2-normalised vector of the current embedding model. */
  vector?: Float32Array;
  /** The memory the line is (a sample line) or is taken from (a source chunk, an experience). */
  memoryId?: MemoryId;
  origin: ExemplarOrigin;
}

/** A ranked candidate. */
export interface RankedExemplar {
  candidate: ExemplarCandidate;
  score: number;
  method: 'cosine' | 'bm25' | 'none';
}

/** What to match and how much to take. */
export interface ExemplarQuery {
  text: string;
  vector?: Float32Array;
  /** At most this many lines (default 4). */
  k?: number;
  budget: number;
  tokenCounter: TokenCounter;
  dedup?: TextDedup;
}

/** Default number of exemplars per turn. */
export const DEFAULT_EXEMPLAR_COUNT = 4;

/** Candidates with a lexical index built once; keep one per persona and reuse it every turn. */
export class ExemplarPool {
  readonly candidates: readonly ExemplarCandidate[];
  readonly #bm25 = new Bm25Index({ segment: { stopwords: DEFAULT_STOPWORDS } });

  constructor(candidates: readonly ExemplarCandidate[]) {
    this.candidates = candidates;
    candidates.forEach((c, i) => this.#bm25.add(String(i), c.context ? `${c.context}\n${c.text}` : c.text));
  }

  /** Every candidate ranked for the query, best first. */
  rank(text: string, vector?: Float32Array): RankedExemplar[] {
    const bm25 = new Map<number, number>();
    for (const hit of this.#bm25.search(text, this.candidates.length)) bm25.set(Number(hit.id), hit.score);
    const best = Math.max(0, ...bm25.values());
    const ranked = this.candidates.map((candidate, i): RankedExemplar & { i: number } => {
      if (vector && candidate.vector && candidate.vector.length === vector.length) {
        return { candidate, score: dot(candidate.vector, vector), method: 'cosine', i };
      }
      const s = bm25.get(i) ?? 0;
      return { candidate, score: best > 0 ? s / best : 0, method: s > 0 ? 'bm25' : 'none', i };
    });
    return ranked.sort((a, b) => b.score - a.score || a.i - b.i).map(({ candidate, score, method }) => ({ candidate, score, method }));
  }

  /** The k best lines that fit the budget and are not already in the prompt. */
  select(query: ExemplarQuery): FilledSlot<RankedExemplar> {
    return fillSlot(this.rank(query.text, query.vector), {
      budget: query.budget,
      counter: query.tokenCounter,
      textOf: (r) => r.candidate.text,
      dedup: query.dedup,
      maxItems: query.k ?? DEFAULT_EXEMPLAR_COUNT,
    });
  }
}
