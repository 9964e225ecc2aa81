/**
 * Lore-book key matching that works for Chinese: a Latin key must sit on word boundaries
 * (so "cat" does not fire inside "concatenate"), but a CJK key matches anywhere, because
 * Chinese has no spaces and `\b` never fires inside a Chinese sentence. A Latin key next
 * to a Chinese character ("我喜欢Alice的猫") still counts as bounded.
 */
import { isCjkChar } from './text-segment.ts';

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** True when `ch` is a letter, digit or underscore of a script that separates words by spaces. */
function isSpacedWordChar(ch: string | undefined): boolean {
  return ch !== undefined && WORD_CHAR.test(ch) && !isCjkChar(ch);
}

/** Last code point of a string (handles surrogate pairs). */
function lastChar(s: string): string | undefined {
  return Array.from(s.slice(-2)).pop();
}

/** Prepares text or a key for comparison: NFKC always, lower-case unless case-sensitive. */
export function foldForMatch(text: string, caseSensitive: boolean): string {
  const normal = text.normalize('NFKC');
  return caseSensitive ? normal : normal.toLowerCase();
}

/**
 * True when `key` occurs in `text` (both already folded with {@link foldForMatch}), with word
 * boundaries enforced only on the sides of the key that are non-CJK word characters.
 */
export function containsKey(text: string, key: string): boolean {
  if (key.length === 0) return false;
  const first = Array.from(key.slice(0, 2))[0];
  const needLeft = isSpacedWordChar(first);
  const needRight = isSpacedWordChar(lastChar(key));
  for (let at = text.indexOf(key); at >= 0; at = text.indexOf(key, at + 1)) {
    const before = lastChar(text.slice(Math.max(0, at - 2), at));
    const after = Array.from(text.slice(at + key.length, at + key.length + 2))[0];
    if (needLeft && isSpacedWordChar(before)) continue;
    if (needRight && isSpacedWordChar(after)) continue;
    return true;
  }
  return false;
}

/** The first of `keys` found in `text` (raw strings, folded here), or undefined. */
export function firstMatchingKey(text: string, keys: readonly string[], caseSensitive: boolean): string | undefined {
  const folded = foldForMatch(text, caseSensitive);
  return keys.find((key) => containsKey(folded, foldForMatch(key.trim(), caseSensitive)));
}
