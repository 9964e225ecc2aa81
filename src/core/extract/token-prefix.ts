import type { TokenCounter } from '../token-counter.ts';

/** A token is assumed to span at most this many characters when bounding the search. */
const MAX_CHARS_PER_TOKEN = 16;

/**
 * Length (in UTF-16 units) of the longest prefix of `text` whose token count is at most
 * `maxTokens`, found by galloping from a proportional estimate, then binary search. Never
 * splits a surrogate pair and always returns at least one code point for non-empty text,
 * so a caller cutting pieces always progresses.
 */
export function prefixWithinTokens(text: string, counter: TokenCounter, maxTokens: number): number {
  if (text === '') return 0;
  let hi = Math.min(text.length, Math.max(1, maxTokens) * MAX_CHARS_PER_TOKEN);
  const total = counter.count(text.slice(0, hi));
  if (total <= maxTokens) return hi;
  let lo = 0;
  // Start near the proportional estimate and gallop up, so most probes count short prefixes.
  for (let probe = safeCut(text, Math.floor((hi * maxTokens) / total)); probe > lo && probe < hi;) {
    if (counter.count(text.slice(0, probe)) > maxTokens) {
      hi = probe;
      break;
    }
    lo = probe;
    probe = safeCut(text, Math.min(hi - 1, Math.ceil(probe * 1.1) + 1));
  }
  while (hi - lo > 1) {
    const mid = safeCut(text, (lo + hi) >> 1);
    if (mid <= lo || mid >= hi) break;
    if (counter.count(text.slice(0, mid)) <= maxTokens) lo = mid;
    else hi = mid;
  }
  return lo > 0 ? lo : firstCodePointLength(text);
}

/** Moves a cut position off the middle of a surrogate pair. */
function safeCut(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

function firstCodePointLength(text: string): number {
  const code = text.codePointAt(0) ?? 0;
  return code > 0xffff ? 2 : 1;
}
