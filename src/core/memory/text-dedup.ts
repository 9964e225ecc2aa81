/**
 * Detects text already in the prompt: exact (after normalising case, width, spaces and
 * punctuation) or near-duplicate (most of its shingles already present). Shingles are runs
 * of tokens, where a token is one CJK character or one word of a spaced script: three
 * tokens for text with CJK, two words otherwise. Chosen items are added as they are picked,
 * so two retrieved items that say the same thing are not both sent.
 */
import { hasCjk } from './text-segment.ts';

/** Share of a candidate's shingles already present above which it counts as a duplicate. */
export const DEFAULT_NEAR_DUPLICATE = 0.8;

const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{L}\p{N}]+/gu;

/** Lower-case, NFKC, letters and digits only: "Hello, World!" → "helloworld". */
export function normaliseForDedup(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_WORD, '');
}

/** Tokens for shingling: CJK characters and words of spaced scripts, lower-cased. */
function tokensOf(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(TOKEN) ?? [];
}

/** The n-gram (n = 2 or 3) of `tokens` starting at i, as one key. */
function gram(tokens: readonly string[], i: number, n: number): string {
  return n === 2 ? `${tokens[i]}\u0001${tokens[i + 1]}` : `${tokens[i]}\u0001${tokens[i + 1]}\u0001${tokens[i + 2]}`;
}

/** The set of texts already in the prompt, queried for exact and near duplicates. */
export class TextDedup {
  readonly #threshold: number;
  readonly #texts: string[] = [];
  readonly #pairs = new Set<string>();
  readonly #triples = new Set<string>();

  /** Starts from the text already in the prompt. */
  constructor(seedText = '', threshold = DEFAULT_NEAR_DUPLICATE) {
    this.#threshold = threshold;
    if (seedText) this.add(seedText);
  }

  /** Registers text as present (e.g. an item just chosen). */
  add(text: string): void {
    const normal = normaliseForDedup(text);
    if (!normal) return;
    this.#texts.push(normal);
    const tokens = tokensOf(text);
    for (let i = 0; i + 2 <= tokens.length; i++) this.#pairs.add(gram(tokens, i, 2));
    for (let i = 0; i + 3 <= tokens.length; i++) this.#triples.add(gram(tokens, i, 3));
  }

  /** Why `text` duplicates what is present (`exact` or `near`), or undefined when it is new. */
  duplicateKind(text: string): 'exact' | 'near' | undefined {
    const normal = normaliseForDedup(text);
    if (!normal || this.#texts.some((t) => t.includes(normal))) return 'exact';
    const n = hasCjk(text) ? 3 : 2;
    const tokens = tokensOf(text);
    const total = tokens.length - n + 1;
    if (total <= 0) return undefined;
    const present = n === 2 ? this.#pairs : this.#triples;
    const allowedMisses = Math.floor(total * (1 - this.#threshold) + 1e-9);
    let misses = 0;
    for (let i = 0; i < total; i++) {
      if (!present.has(gram(tokens, i, n)) && ++misses > allowedMisses) return undefined;
    }
    return 'near';
  }

  /** True when `text` is an exact or near duplicate of what is present. */
  isDuplicate(text: string): boolean {
    return this.duplicateKind(text) !== undefined;
  }
}
