import { decodeBase64, encodeBase64 } from '../cards/index.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { damaged } from './json-check.ts';

/** Bytes as standard base64. */
export function bytesToBase64(bytes: Uint8Array): string {
  return encodeBase64(bytes);
}

/**
 * Base64 text back to bytes.
 * @throws ValidationError (`invalid`) naming `path` when the text is not base64.
 */
export function base64ToBytes(value: unknown, path: string): Uint8Array {
  if (typeof value !== 'string') throw damaged(path, msg('backup.expected.base64'));
  try {
    return decodeBase64(value).slice();
  } catch (error) {
    if (error instanceof ValidationError) throw damaged(path, msg('backup.expected.base64'));
    throw error;
  }
}

/** A Float32 vector as base64 of its little-endian bytes (the same on every device). */
export function float32ToBase64(vector: Float32Array): string {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((x, i) => view.setFloat32(i * 4, x, true));
  return encodeBase64(bytes);
}

/**
 * Base64 little-endian Float32 bytes back to a vector.
 * @throws ValidationError (`invalid`) when the text is not base64 or not a whole number of floats.
 */
export function base64ToFloat32(value: unknown, path: string): Float32Array {
  const bytes = base64ToBytes(value, path);
  if (bytes.length % 4 !== 0) throw damaged(path, msg('backup.expected.float32'));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
