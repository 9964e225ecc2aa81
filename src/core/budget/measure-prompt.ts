import type { PromptSegment } from '../generate/prompt-layout.ts';
import type { TokenCounter } from '../token-counter.ts';
import { sumTokens, tokenCount, type TokenCount } from './token-count.ts';

/** Exact token counts of a prompt, by part. */
export interface PromptTokens {
  system: TokenCount;
  summaries: TokenCount;
  retrieved: TokenCount;
  /** Template tokens, headings and the assistant header. */
  overhead: TokenCount;
  /** Per history message, same index as `PromptContext.history`; 0 for a message left out. */
  turns: TokenCount[];
  total: TokenCount;
}

/**
 * Counts each segment of a prompt with the real tokenizer. Segments end at token boundaries
 * (ChatML control tokens, line ends), so the parts add up to the count of the whole prompt;
 * a wrapped {@link cachedCounter} makes a rebuilt prompt cost only its new parts.
 */
export function measureSegments(segments: readonly PromptSegment[], historyLength: number, counter: TokenCounter): PromptTokens {
  const sums = { system: 0, summaries: 0, retrieved: 0, overhead: 0 };
  const turns = new Array<number>(historyLength).fill(0);
  for (const seg of segments) {
    const n = counter.count(seg.text);
    if (seg.kind === 'turn') {
      if (seg.turn !== undefined && seg.turn < historyLength) turns[seg.turn] = (turns[seg.turn] ?? 0) + n;
      else sums.overhead += n;
    } else {
      sums[seg.kind] += n;
    }
  }
  const turnCounts = turns.map(tokenCount);
  return {
    system: tokenCount(sums.system),
    summaries: tokenCount(sums.summaries),
    retrieved: tokenCount(sums.retrieved),
    overhead: tokenCount(sums.overhead),
    turns: turnCounts,
    total: tokenCount(sums.system + sums.summaries + sums.retrieved + sums.overhead + sumTokens(turnCounts)),
  };
}
