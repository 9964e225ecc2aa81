/** A number of tokens counted with a model's real tokenizer (never a character estimate). */
export type TokenCount = number & { readonly __brand: 'TokenCount' };

/**
 * Brands a whole, non-negative number as a token count.
 * @throws RangeError when `n` is negative or not an integer (a programming error).
 */
export function tokenCount(n: number): TokenCount {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`A token count must be a whole number ≥ 0, got ${n}.`);
  return n as TokenCount;
}

/** Sum of token counts. */
export function sumTokens(counts: readonly TokenCount[]): TokenCount {
  let total = 0;
  for (const c of counts) total += c;
  return total as TokenCount;
}
