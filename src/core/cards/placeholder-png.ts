import { hslToRgb, hueOf } from '../avatar.ts';
import { adler32 } from './crc32.ts';
import { makeChunk, writePng } from './png-chunks.ts';

const SIZE = 256;
const MAX_STORED_BLOCK = 65535;

/**
 * Wraps bytes in a zlib stream made of uncompressed ("stored") deflate blocks, so a valid
 * PNG can be written without a compression library.
 */
export function zlibStore(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / MAX_STORED_BLOCK));
  const out = new Uint8Array(2 + raw.length + blocks * 5 + 4);
  out[0] = 0x78;
  out[1] = 0x01;
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const start = b * MAX_STORED_BLOCK;
    const len = Math.min(MAX_STORED_BLOCK, raw.length - start);
    out[at] = b === blocks - 1 ? 1 : 0;
    out[at + 1] = len & 0xff;
    out[at + 2] = len >>> 8;
    out[at + 3] = ~len & 0xff;
    out[at + 4] = (~len >>> 8) & 0xff;
    out.set(raw.subarray(start, start + len), at + 5);
    at += 5 + len;
  }
  const sum = adler32(raw);
  out[at] = sum >>> 24;
  out[at + 1] = (sum >>> 16) & 0xff;
  out[at + 2] = (sum >>> 8) & 0xff;
  out[at + 3] = sum & 0xff;
  return out;
}

function ihdr(): Uint8Array {
  const data = new Uint8Array(13);
  const view = new DataView(data.buffer);
  view.setUint32(0, SIZE);
  view.setUint32(4, SIZE);
  data[8] = 1; // bit depth
  data[9] = 3; // colour type: palette
  return data;
}

/** True when pixel (x, y) belongs to the head-and-shoulders silhouette. */
function inFigure(x: number, y: number): boolean {
  const head = (x - 128) ** 2 + (y - 100) ** 2 <= 48 ** 2;
  const shoulders = y >= 168 && (x - 128) ** 2 / 96 ** 2 + (y - 250) ** 2 / 80 ** 2 <= 1;
  return head || shoulders;
}

function pixelRows(): Uint8Array {
  const rowBytes = 1 + SIZE / 8;
  const raw = new Uint8Array(rowBytes * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      if (inFigure(x, y)) raw[y * rowBytes + 1 + (x >> 3)]! |= 0x80 >> (x & 7);
    }
  }
  return raw;
}

/**
 * A 256×256 PNG avatar: a light silhouette on a background colour derived from `name`.
 * Uses a two-colour palette and stored deflate blocks, so it needs no compression library.
 */
export function placeholderPng(name: string): Uint8Array {
  const hue = hueOf(name);
  const palette = new Uint8Array([...hslToRgb(hue, 0.45, 0.42), ...hslToRgb(hue, 0.35, 0.82)]);
  return writePng([makeChunk('IHDR', ihdr()), makeChunk('PLTE', palette), makeChunk('IDAT', zlibStore(pixelRows())), makeChunk('IEND', new Uint8Array(0))]);
}
