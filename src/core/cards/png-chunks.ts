import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { crc32Continue } from './crc32.ts';

/** The 8 bytes every PNG file starts with. */
export const PNG_SIGNATURE: Uint8Array = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** PNG allows chunk lengths up to 2^31 - 1. */
const MAX_CHUNK_LENGTH = 0x7fffffff;

/** More chunks than any real image has (large APNGs use a few thousand); bounds memory. */
export const MAX_PNG_CHUNKS = 100_000;

/** One chunk of a PNG file; `data` is a view into the original bytes (not a copy). */
export interface PngChunk {
  /** Four-letter chunk type, e.g. `IHDR`, `tEXt`, `IEND`. */
  type: string;
  data: Uint8Array;
  /** CRC stored in the file. */
  crc: number;
}

/** True when `bytes` starts with the PNG signature. */
export function hasPngSignature(bytes: Uint8Array): boolean {
  if (bytes.length < PNG_SIGNATURE.length) return false;
  return PNG_SIGNATURE.every((b, i) => bytes[i] === b);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] as number) << 24) | ((bytes[at + 1] as number) << 16) | ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number)) >>> 0;
}

function writeUint32(bytes: Uint8Array, at: number, value: number): void {
  bytes[at] = (value >>> 24) & 0xff;
  bytes[at + 1] = (value >>> 16) & 0xff;
  bytes[at + 2] = (value >>> 8) & 0xff;
  bytes[at + 3] = value & 0xff;
}

function chunkType(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at] as number, bytes[at + 1] as number, bytes[at + 2] as number, bytes[at + 3] as number);
}

function isLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

function truncated(): ValidationError {
  return new ValidationError('truncated', msg('card.png.truncated'));
}

function damaged(detail: Message): ValidationError {
  return new ValidationError('invalid', msg('card.png.damaged', { detail }));
}

/** The chunks of a PNG read so far, and why reading stopped early (if it did). */
export interface PngWalk {
  chunks: PngChunk[];
  problem: ValidationError | undefined;
}

/**
 * Splits a PNG file into its chunks, up to and including `IEND`; bytes after `IEND` are ignored.
 * Never throws: a structural problem is returned in `problem`. Every step is bounded by the
 * input length, so hostile length fields cannot cause a hang. CRCs are read, not checked.
 */
export function walkPngChunks(bytes: Uint8Array): PngWalk {
  const chunks: PngChunk[] = [];
  if (!hasPngSignature(bytes)) {
    const problem = new ValidationError('not-png', msg('card.png.notPng'));
    return { chunks, problem };
  }
  let at = PNG_SIGNATURE.length;
  for (;;) {
    if (at + 12 > bytes.length) return { chunks, problem: truncated() };
    if (chunks.length >= MAX_PNG_CHUNKS) return { chunks, problem: damaged(msg('card.png.tooManyChunks', { max: MAX_PNG_CHUNKS })) };
    const length = readUint32(bytes, at);
    if (length > MAX_CHUNK_LENGTH) return { chunks, problem: damaged(msg('card.png.impossibleLength')) };
    const type = chunkType(bytes, at + 4);
    if (![0, 1, 2, 3].every((i) => isLetter(type.charCodeAt(i)))) {
      return { chunks, problem: damaged(msg('card.png.badChunkName')) };
    }
    const dataStart = at + 8;
    const dataEnd = dataStart + length;
    if (dataEnd + 4 > bytes.length) return { chunks, problem: truncated() };
    chunks.push({ type, data: bytes.subarray(dataStart, dataEnd), crc: readUint32(bytes, dataEnd) });
    at = dataEnd + 4;
    if (type === 'IEND') return { chunks, problem: undefined };
  }
}

/**
 * Splits a PNG file into its chunks (see {@link walkPngChunks}).
 * @throws {ValidationError} `not-png` without the PNG signature, `truncated` when the data ends
 *   before `IEND`, `invalid` for an impossible chunk length or name.
 */
export function readPngChunks(bytes: Uint8Array): PngChunk[] {
  const { chunks, problem } = walkPngChunks(bytes);
  if (problem) throw problem;
  return chunks;
}

function typeBytes(type: string): Uint8Array {
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) out[i] = type.charCodeAt(i) & 0xff;
  return out;
}

/** CRC-32 a chunk must carry: over its type and data. */
export function chunkCrc(type: string, data: Uint8Array): number {
  return crc32Continue(crc32Continue(0, typeBytes(type)), data);
}

/** True when the chunk's stored CRC matches its type and data. */
export function chunkCrcMatches(chunk: PngChunk): boolean {
  return chunkCrc(chunk.type, chunk.data) === chunk.crc;
}

/** A new chunk with a freshly computed CRC. */
export function makeChunk(type: string, data: Uint8Array): PngChunk {
  return { type, data, crc: chunkCrc(type, data) };
}

/** Serializes chunks (which should start with `IHDR` and end with `IEND`) into PNG bytes. */
export function writePng(chunks: readonly PngChunk[]): Uint8Array {
  const size = chunks.reduce((sum, c) => sum + 12 + c.data.length, PNG_SIGNATURE.length);
  const out = new Uint8Array(size);
  out.set(PNG_SIGNATURE, 0);
  let at = PNG_SIGNATURE.length;
  for (const chunk of chunks) {
    writeUint32(out, at, chunk.data.length);
    out.set(typeBytes(chunk.type), at + 4);
    out.set(chunk.data, at + 8);
    writeUint32(out, at + 8 + chunk.data.length, chunk.crc);
    at += 12 + chunk.data.length;
  }
  return out;
}
