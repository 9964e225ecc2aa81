/**
 * Splits source material (a novel chapter, a wiki page) into ~400-character chunks for
 * dynamic Extract: sentence-aware for Chinese and English, with a small overlap so a fact
 * cut at a boundary is still whole in one chunk; optionally capped by tokens too.
 */
import { newId, type MemoryId, type PersonaId } from '../ids.ts';
import type { Memory } from './memory.ts';
import type { TokenCounter } from '../token-counter.ts';

/** Options of {@link chunkSource}. */
export interface ChunkOptions {
  /** Longest chunk in characters (default 400, SillyTavern's vector-storage size). */
  maxChars?: number;
  /** Characters repeated from the end of one chunk at the start of the next (default 50). */
  overlapChars?: number;
  /** Also cap each chunk at this many tokens of `tokenCounter`. */
  maxTokens?: number;
  tokenCounter?: TokenCounter;
}

const TERMINAL = new Set([...'。！？!?；;…']);
const CLOSER = new Set([...'」』”’"\')]）']);

/** True when position i (a '.') ends a sentence: followed by space, a closer or the end. */
function periodEnds(text: string, i: number): boolean {
  const next = text[i + 1];
  return next === undefined || /\s/.test(next) || CLOSER.has(next);
}

/** Splits text into sentences (keeping punctuation, closing quotes and trailing space); lossless. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    const ends = TERMINAL.has(ch) || ch === '\n' || (ch === '.' && periodEnds(text, i));
    i++;
    if (!ends) continue;
    while (i < text.length && (TERMINAL.has(text[i]!) || CLOSER.has(text[i]!) || text[i] === '.')) i++;
    while (i < text.length && /\s/.test(text[i]!)) i++;
    out.push(text.slice(start, i));
    start = i;
  }
  if (start < text.length) out.push(text.slice(start));
  return out.filter((s) => s.trim() !== '');
}

/** Cuts a too-long piece at `max` characters, preferring the last space for spaced scripts. */
function hardSplit(piece: string, max: number): string[] {
  const out: string[] = [];
  let rest = piece;
  while (rest.length > max) {
    const space = rest.lastIndexOf(' ', max);
    const cut = space > max / 2 ? space + 1 : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.trim() !== '') out.push(rest);
  return out;
}

/** The tail of a chunk to repeat, starting at a sentence or word start when possible. */
function overlapTail(chunk: string, overlap: number): string {
  if (overlap <= 0 || chunk.length <= overlap) return '';
  const tail = chunk.slice(-overlap);
  const sentences = splitSentences(tail);
  if (sentences.length > 1) return sentences.slice(1).join('');
  const space = tail.indexOf(' ');
  return space >= 0 && space < overlap / 2 ? tail.slice(space + 1) : tail;
}

/** Splits source text into overlapping chunks, each within `maxChars` (and `maxTokens`). */
export function chunkSource(text: string, options: ChunkOptions = {}): string[] {
  const max = Math.max(20, options.maxChars ?? 400);
  const overlap = Math.min(Math.floor(max / 2), Math.max(0, options.overlapChars ?? 50));
  const fits = (s: string): boolean =>
    s.length <= max && (options.maxTokens === undefined || !options.tokenCounter || options.tokenCounter.count(s) <= options.maxTokens);
  const pieces = splitSentences(text.replace(/\r\n?/g, '\n')).flatMap((s) => (s.length > max - overlap ? hardSplit(s, max - overlap) : [s]));
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current === '' || fits(current + piece)) {
      current += piece;
      continue;
    }
    chunks.push(current.trim());
    const tail = overlapTail(current, overlap);
    current = fits(tail + piece) ? tail + piece : piece;
  }
  if (current.trim() !== '') chunks.push(current.trim());
  return chunks;
}

/** Where new source-chunk memories go. */
export interface SourceTarget {
  personaId: PersonaId;
  now: number;
  /** Importance of every chunk (default 5). */
  importance?: number;
  newId?: () => MemoryId;
}

/** Persona-level `source-chunk` memories, one per chunk. */
export function sourceChunksToMemories(chunks: readonly string[], target: SourceTarget): Memory[] {
  const makeId = target.newId ?? (() => newId<MemoryId>());
  return chunks.map((text) => ({
    id: makeId(),
    personaId: target.personaId,
    kind: 'source-chunk' as const,
    text,
    importance: target.importance ?? 5,
    pinned: false,
    createdAt: target.now,
    updatedAt: target.now,
    lastAccessedAt: target.now,
    accessCount: 0,
  }));
}
