import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { encodeBase64 } from './base64.ts';
import { chunkCrcMatches, readPngChunks, writePng, type PngChunk } from './png-chunks.ts';
import { makeTextChunk, readTextChunk, textChunkKeyword } from './png-text.ts';

/** PNG text keywords that carry card JSON, V3 first (preferred when both exist). */
export const CARD_KEYWORDS = ['ccv3', 'chara'] as const;

/** Which card keyword a chunk carries. */
export type CardKeyword = (typeof CARD_KEYWORDS)[number];

/** A card chunk found in a PNG; its text is decoded only when asked for. */
export interface PngCardChunk {
  keyword: CardKeyword;
  chunk: PngChunk;
}

/** The card chunks of a PNG (V3 first) and the same image without them. */
export interface PngCardPayload {
  cards: PngCardChunk[];
  /** The image without its card chunks: what EGOS stores as the avatar. */
  image: Uint8Array;
}

function cardKeyword(chunk: PngChunk): CardKeyword | undefined {
  const keyword = textChunkKeyword(chunk);
  return CARD_KEYWORDS.find((k) => k === keyword);
}

/**
 * Finds the card chunks of a PNG, `ccv3` before `chara` (the first of each keyword counts).
 * @throws {ValidationError} `not-png`, `truncated`, `invalid` for a damaged structure,
 *   `no-card` when no card chunk exists.
 */
export function readPngCard(bytes: Uint8Array): PngCardPayload {
  const chunks = readPngChunks(bytes);
  const found = new Map<CardKeyword, PngChunk>();
  for (const chunk of chunks) {
    const keyword = cardKeyword(chunk);
    if (keyword !== undefined && !found.has(keyword)) found.set(keyword, chunk);
  }
  if (found.size === 0) {
    throw new ValidationError('no-card', msg('card.png.plainImage'));
  }
  const cards = CARD_KEYWORDS.flatMap((keyword) => {
    const chunk = found.get(keyword);
    return chunk === undefined ? [] : [{ keyword, chunk }];
  });
  return { cards, image: writePng(chunks.filter((c) => cardKeyword(c) === undefined)) };
}

/**
 * The text of a card chunk. Only card chunks are checksum-checked: a damaged image pixel should
 * not block an import, but a flipped bit in base64 can silently change the character's text.
 * @throws {ValidationError} `invalid` on a CRC mismatch or a malformed chunk, `unsupported` when
 *   it is compressed.
 */
export function cardChunkText(card: PngCardChunk): string {
  if (!chunkCrcMatches(card.chunk)) {
    throw new ValidationError('invalid', msg('card.png.checksum'));
  }
  const entry = readTextChunk(card.chunk);
  if (entry?.compressed) {
    throw new ValidationError('unsupported', msg('card.png.compressed'));
  }
  if (entry?.text === undefined) {
    throw new ValidationError('invalid', msg('card.png.malformed'));
  }
  return entry.text;
}

/** Base64 of the UTF-8 bytes of `value` as JSON. */
function jsonToBase64(value: unknown): string {
  return encodeBase64(new TextEncoder().encode(JSON.stringify(value)));
}

/**
 * Returns a copy of `png` carrying `chara` (V2) and `ccv3` (V3) tEXt chunks before `IEND`;
 * card chunks already present are replaced.
 * @throws {ValidationError} when `png` is not a complete PNG (see {@link readPngChunks}).
 */
export function writePngCard(png: Uint8Array, cardV2: unknown, cardV3: unknown): Uint8Array {
  const chunks = readPngChunks(png).filter((c) => cardKeyword(c) === undefined);
  const end = chunks.pop() as PngChunk;
  return writePng([...chunks, makeTextChunk('chara', jsonToBase64(cardV2)), makeTextChunk('ccv3', jsonToBase64(cardV3)), end]);
}
