import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Value of each base64 character (standard and URL-safe alphabets), -1 when invalid. */
const VALUES: Int8Array = buildValues();

function buildValues(): Int8Array {
  const values = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) values[ALPHABET.charCodeAt(i)] = i;
  values['-'.charCodeAt(0)] = 62;
  values['_'.charCodeAt(0)] = 63;
  return values;
}

const ALPHABET_CODES: Uint8Array = new TextEncoder().encode(ALPHABET);
const PAD = 0x3d;

/** Encodes bytes as standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let at = 0;
  for (let i = 0; i < bytes.length; i += 3) {
    const rest = bytes.length - i;
    const n = ((bytes[i] as number) << 16) | ((rest > 1 ? (bytes[i + 1] as number) : 0) << 8) | (rest > 2 ? (bytes[i + 2] as number) : 0);
    out[at++] = ALPHABET_CODES[(n >> 18) & 63] as number;
    out[at++] = ALPHABET_CODES[(n >> 12) & 63] as number;
    out[at++] = rest > 1 ? (ALPHABET_CODES[(n >> 6) & 63] as number) : PAD;
    out[at++] = rest > 2 ? (ALPHABET_CODES[n & 63] as number) : PAD;
  }
  return new TextDecoder('utf-8').decode(out);
}

function badBase64(detail: Message): ValidationError {
  return new ValidationError('bad-base64', msg('card.base64.damaged', { detail }));
}

/**
 * Decodes base64 (standard or URL-safe; padding optional; whitespace ignored).
 * @throws {ValidationError} `bad-base64` on any other character, misplaced padding or a bad length.
 */
export function decodeBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let length = 0;
  let buffer = 0;
  let bits = 0;
  let padding = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09) continue;
    if (code === 0x3d) {
      padding++;
      continue;
    }
    const value = code < 128 ? (VALUES[code] as number) : -1;
    if (value < 0) throw badBase64(msg('card.base64.badCharacter', { position: i }));
    if (padding > 0) throw badBase64(msg('card.base64.paddingInMiddle'));
    buffer = ((buffer << 6) | value) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[length++] = (buffer >> bits) & 0xff;
    }
  }
  if (bits >= 6) throw badBase64(msg('card.base64.badLength'));
  if (padding > 2) throw badBase64(msg('card.base64.tooMuchPadding'));
  return out.subarray(0, length);
}
