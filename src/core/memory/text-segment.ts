/**
 * Word segmentation for search: `Intl.Segmenter` (dictionary-based for Chinese), lower-cased,
 * NFKC-normalised (full-width letters become ASCII), optional stopwords. A CJK run that the
 * segmenter leaves whole (a runtime without the ICU dictionary) is split into character bigrams.
 */

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;
const WORD_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+|[\p{L}\p{N}_'’-]+/gu;

/** A CJK word-like segment longer than this was not really segmented. */
const MAX_CJK_WORD = 4;

/** Options of {@link segmentWords}. */
export interface SegmentOptions {
  /** Words (already lower-case) to drop. */
  stopwords?: ReadonlySet<string>;
  /** Split every CJK run into character bigrams instead of using the segmenter. */
  cjkBigrams?: boolean;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenterFor(locale: string): Intl.Segmenter | undefined {
  if (typeof Intl.Segmenter !== 'function') return undefined;
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

/** True when the text contains a Chinese, Japanese or Korean character. */
export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** True when the single character `ch` is Chinese, Japanese or Korean. */
export function isCjkChar(ch: string): boolean {
  return CJK_CHAR.test(ch);
}

/** Character bigrams of a CJK run; a run of one character is returned as it is. */
export function cjkBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

function pushWord(out: string[], word: string, stopwords: ReadonlySet<string> | undefined): void {
  if (word.length === 0 || stopwords?.has(word)) return;
  out.push(word);
}

/** Fast check of the first UTF-16 unit: CJK ideographs, kana, Hangul, or a surrogate (rare ideographs). */
function startsCjkLike(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xac00 && c <= 0xd7af) || (c >= 0xd800 && c <= 0xdbff) || (c >= 0xf900 && c <= 0xfaff);
}

function pushSegment(out: string[], word: string, options: SegmentOptions): void {
  const cjk = startsCjkLike(word) && CJK_CHAR.test(word);
  if (cjk && (options.cjkBigrams || (word.length > MAX_CJK_WORD && Array.from(word).length > MAX_CJK_WORD))) {
    for (const run of word.match(CJK_RUN) ?? []) for (const bg of cjkBigrams(run)) pushWord(out, bg, options.stopwords);
    return;
  }
  pushWord(out, word, options.stopwords);
}

/** Regex fallback when `Intl.Segmenter` is missing: Latin words, CJK runs as bigrams. */
function fallbackSegments(text: string): string[] {
  return text.match(WORD_RUN) ?? [];
}

/**
 * Splits text into lower-case search words (Chinese words via the ICU dictionary, English
 * words, numbers), dropping punctuation and the given stopwords.
 */
export function segmentWords(text: string, options: SegmentOptions = {}): string[] {
  const normal = text.normalize('NFKC').toLowerCase();
  const out: string[] = [];
  const segmenter = options.cjkBigrams ? undefined : segmenterFor('zh');
  if (!segmenter) {
    for (const word of fallbackSegments(normal)) pushSegment(out, word, { ...options, cjkBigrams: true });
    return out;
  }
  for (const seg of segmenter.segment(normal)) {
    if (seg.isWordLike) pushSegment(out, seg.segment, options);
  }
  return out;
}
