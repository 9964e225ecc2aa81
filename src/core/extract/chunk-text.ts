import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { paragraphSpans, sentenceSpans, type TextSpan } from './split-text.ts';
import { prefixWithinTokens } from './token-prefix.ts';

/** One chunk of a source, trimmed; `start`/`end` locate it in the source text. */
export interface TextChunk {
  index: number;
  text: string;
  tokens: number;
  start: number;
  end: number;
}

/** Options of {@link chunkText}. */
export interface ChunkOptions {
  /** Hard limit per chunk, checked with the counter on the chunk's exact text. */
  maxTokens: number;
  /** Tokens (whole sentences/paragraphs, approximate) repeated from the previous chunk; default 0. */
  overlapTokens?: number;
}

interface Unit extends TextSpan {
  tokens: number;
}

/**
 * Cuts a text into chunks of at most `maxTokens` tokens, deterministically: whole
 * paragraphs when they fit, else sentences (Chinese 。！？ and English . ! ?), else hard cuts
 * by token count. Chunks are packed greedily and each one's exact count is verified.
 * @throws ValidationError `invalid` when `maxTokens` < 1 or `overlapTokens` ≥ `maxTokens`.
 */
export function chunkText(text: string, counter: TokenCounter, options: ChunkOptions): TextChunk[] {
  const { maxTokens } = options;
  const overlap = options.overlapTokens ?? 0;
  if (!(maxTokens >= 1) || overlap < 0 || overlap >= maxTokens) {
    throw new ValidationError('invalid', msg('extract.error.chunkSize'));
  }
  const units = splitUnits(text, counter, maxTokens);
  const chunks: TextChunk[] = [];
  let first = 0;
  let previousLast = -1;
  while (first < units.length) {
    let chunk = pack(text, units, first, counter, maxTokens);
    if (chunk.last <= previousLast) chunk = pack(text, units, previousLast + 1, counter, maxTokens);
    if (chunk.text) chunks.push({ index: chunks.length, text: chunk.text, tokens: chunk.tokens, start: chunk.start, end: chunk.end });
    if (chunk.last >= units.length - 1) break;
    previousLast = chunk.last;
    first = overlapStart(units, chunk.first, chunk.last, overlap);
  }
  return chunks;
}

function splitUnits(text: string, counter: TokenCounter, maxTokens: number): Unit[] {
  const units: Unit[] = [];
  for (const paragraph of paragraphSpans(text)) {
    const tokens = counter.count(text.slice(paragraph.start, paragraph.end));
    if (tokens <= maxTokens) {
      units.push({ ...paragraph, tokens });
      continue;
    }
    for (const sentence of sentenceSpans(text, paragraph)) {
      const sentenceTokens = counter.count(text.slice(sentence.start, sentence.end));
      if (sentenceTokens <= maxTokens) units.push({ ...sentence, tokens: sentenceTokens });
      else units.push(...hardCut(text, sentence, counter, maxTokens));
    }
  }
  return units;
}

function hardCut(text: string, span: TextSpan, counter: TokenCounter, maxTokens: number): Unit[] {
  const units: Unit[] = [];
  for (let start = span.start; start < span.end;) {
    const piece = text.slice(start, span.end);
    const end = start + prefixWithinTokens(piece, counter, maxTokens);
    units.push({ start, end, tokens: counter.count(text.slice(start, end)) });
    start = end;
  }
  return units;
}

function pack(text: string, units: Unit[], first: number, counter: TokenCounter, maxTokens: number) {
  let last = first;
  let sum = units[first]?.tokens ?? 0;
  while (last + 1 < units.length && sum + (units[last + 1]?.tokens ?? 0) <= maxTokens) {
    last += 1;
    sum += units[last]?.tokens ?? 0;
  }
  let slice = trimmedSlice(text, units, first, last);
  let tokens = counter.count(slice.text);
  while (tokens > maxTokens && last > first) {
    last -= 1;
    slice = trimmedSlice(text, units, first, last);
    tokens = counter.count(slice.text);
  }
  return { first, last, tokens, ...slice };
}

function trimmedSlice(text: string, units: Unit[], first: number, last: number) {
  const rawStart = units[first]?.start ?? 0;
  const raw = text.slice(rawStart, units[last]?.end ?? rawStart);
  const lead = raw.length - raw.trimStart().length;
  const body = raw.trim();
  return { text: body, start: rawStart + lead, end: rawStart + lead + body.length };
}

/** Where the next chunk starts: after `last`, moved back over whole units worth ≤ `overlap` tokens. */
function overlapStart(units: Unit[], first: number, last: number, overlap: number): number {
  let k = last + 1;
  let tokens = 0;
  while (k - 1 > first && tokens + (units[k - 1]?.tokens ?? 0) <= overlap) {
    k -= 1;
    tokens += units[k]?.tokens ?? 0;
  }
  return k;
}
