/** A slice `[start, end)` of a text. */
export interface TextSpan {
  start: number;
  end: number;
}

/** Characters that end a sentence in Chinese and English ("." is handled separately). */
const TERMINALS = new Set(['。', '！', '？', '!', '?', '…', '．']);
/** Closing quotes and brackets that stay with the sentence they close. */
const CLOSERS = new Set(['"', "'", '”', '’', '」', '』', '）', ')', '】', '》', '〉', ']']);

/**
 * Splits a text into paragraphs separated by blank lines. The spans are contiguous and cover
 * the whole text: each paragraph keeps the blank lines that follow it.
 */
export function paragraphSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = 0;
  for (const match of text.matchAll(/\n[ \t\u3000]*\n\s*/g)) {
    const end = match.index + match[0].length;
    spans.push({ start, end });
    start = end;
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans;
}

/**
 * Splits `span` of `text` into sentences: a sentence ends after 。！？!?… (runs of them), after
 * "." followed by a space, a closing quote or the end, or at a line break; closing quotes,
 * brackets and the following whitespace stay with it. Spans are contiguous and cover `span`.
 */
export function sentenceSpans(text: string, span: TextSpan = { start: 0, end: text.length }): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = span.start;
  for (let i = span.start; i < span.end; i += 1) {
    if (!endsSentence(text, i, span.end)) continue;
    let j = i + 1;
    while (j < span.end && (TERMINALS.has(text[j] ?? '') || text[j] === '.' || CLOSERS.has(text[j] ?? ''))) j += 1;
    while (j < span.end && /\s/.test(text[j] ?? '')) j += 1;
    spans.push({ start, end: j });
    start = j;
    i = j - 1;
  }
  if (start < span.end) spans.push({ start, end: span.end });
  return spans;
}

function endsSentence(text: string, i: number, end: number): boolean {
  const ch = text[i] ?? '';
  if (ch === '\n' || TERMINALS.has(ch)) return true;
  if (ch !== '.') return false;
  const next = text[i + 1] ?? '';
  return i + 1 >= end || /\s/.test(next) || CLOSERS.has(next);
}
