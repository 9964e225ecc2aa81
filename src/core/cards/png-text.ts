import { makeChunk, type PngChunk } from './png-chunks.ts';

/** The keyword and text of a PNG text chunk (`tEXt`, `zTXt` or `iTXt`). */
export interface PngTextEntry {
  keyword: string;
  /** The text, or undefined when it is compressed (EGOS does not inflate card data). */
  text: string | undefined;
  compressed: boolean;
}

/** Chunk types that carry keyword/text pairs. */
export const TEXT_CHUNK_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

/** Decodes bytes as ISO-8859-1 (each byte is one code point). */
export function latin1Decode(bytes: Uint8Array): string {
  if (isAscii(bytes)) return new TextDecoder('utf-8').decode(bytes);
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 8192) {
    parts.push(String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]));
  }
  return parts.join('');
}

/** Encodes a string of code points 0–255 as bytes; higher code points become `?`. */
export function latin1Encode(text: string): Uint8Array {
  const utf8 = new TextEncoder().encode(text);
  if (utf8.length === text.length) return utf8;
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i] = code <= 0xff ? code : 0x3f;
  }
  return out;
}

function nulAt(data: Uint8Array, from: number): number {
  return data.indexOf(0, from);
}

/** The keyword of a text chunk without decoding its text; undefined for other chunks. */
export function textChunkKeyword(chunk: PngChunk): string | undefined {
  if (!TEXT_CHUNK_TYPES.has(chunk.type)) return undefined;
  const keywordEnd = chunk.data.subarray(0, 80).indexOf(0);
  return keywordEnd < 0 ? undefined : latin1Decode(chunk.data.subarray(0, keywordEnd));
}

/**
 * Reads the keyword and text of a text chunk; undefined for other chunk types or a chunk
 * without the NUL separator its format requires.
 */
export function readTextChunk(chunk: PngChunk): PngTextEntry | undefined {
  const { type, data } = chunk;
  if (!TEXT_CHUNK_TYPES.has(type)) return undefined;
  const keywordEnd = nulAt(data, 0);
  if (keywordEnd < 0) return undefined;
  const keyword = latin1Decode(data.subarray(0, keywordEnd));
  if (type === 'tEXt') return { keyword, text: latin1Decode(data.subarray(keywordEnd + 1)), compressed: false };
  if (type === 'zTXt') return { keyword, text: undefined, compressed: true };
  const compressed = data[keywordEnd + 1] === 1;
  const languageEnd = nulAt(data, keywordEnd + 3);
  if (languageEnd < 0) return undefined;
  const translatedEnd = nulAt(data, languageEnd + 1);
  if (translatedEnd < 0) return undefined;
  if (compressed) return { keyword, text: undefined, compressed: true };
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(translatedEnd + 1));
  return { keyword, text, compressed: false };
}

/** A `tEXt` chunk holding `keyword` and `text` (both must be Latin-1; base64 always is). */
export function makeTextChunk(keyword: string, text: string): PngChunk {
  const key = latin1Encode(keyword);
  const value = latin1Encode(text);
  const data = new Uint8Array(key.length + 1 + value.length);
  data.set(key, 0);
  data.set(value, key.length + 1);
  return makeChunk('tEXt', data);
}
