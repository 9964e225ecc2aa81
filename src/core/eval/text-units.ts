/** Han ideographs and Japanese kana: written without spaces, so counted one character at a time. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const UNIT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu;

/**
 * Splits text into comparable units: each CJK character is one unit, every other run of
 * letters and digits (apostrophes inside kept) is one lower-cased word. Punctuation and spaces
 * are dropped. "Hello, 世界!" gives ["hello", "世", "界"].
 */
export function textUnits(text: string): string[] {
  return (text.normalize('NFKC').match(UNIT) ?? []).map((u) => u.toLowerCase());
}

/** True when the text contains at least one CJK character. */
export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}
