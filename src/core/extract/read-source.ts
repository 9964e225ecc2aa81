import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';

/** Largest source accepted by default (bytes). A few MB of novel text work. */
export const DEFAULT_MAX_SOURCE_BYTES = 8 * 1024 * 1024;

/** Encodings a source file may use. */
export type SourceEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

/** Validated source text: Unix line endings, no BOM, trimmed. */
export interface SourceText {
  text: string;
  /** File name, or "pasted text". */
  name: string;
  encoding: SourceEncoding;
  /** Size of the input in bytes (UTF-8 length for pasted text). */
  bytes: number;
}

/** Options of {@link readSourceFile} and {@link readPastedText}. */
export interface SourceOptions {
  maxBytes?: number;
}

/** Above this share of control characters a text is treated as binary. */
const MAX_CONTROL_RATIO = 0.01;

/** File signatures of formats people upload by mistake. */
const SIGNATURES: Array<{ bytes: number[]; kind: Message }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: msg('source.kind.pdf') },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: msg('source.kind.zip') },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: msg('source.kind.doc') },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: msg('source.kind.png') },
  { bytes: [0xff, 0xd8, 0xff], kind: msg('source.kind.jpeg') },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: msg('source.kind.gif') },
  { bytes: [0x1f, 0x8b], kind: msg('source.kind.gzip') },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: msg('source.kind.rar') },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], kind: msg('source.kind.sevenZip') },
];

/**
 * Reads an uploaded `.txt` / `.md` file: UTF-8 (with or without BOM), UTF-16 with BOM, or
 * Chinese GB18030/GBK (tried when the bytes are not valid UTF-8).
 * @throws ValidationError `empty` (no bytes or only whitespace), `too-large` (over `maxBytes`),
 *   `unsupported` (PDF, Word, image, archive, or an encoding that is neither UTF-8 nor GB18030),
 *   `binary` (NUL bytes or many control characters); each message names the file and what to do.
 */
export function readSourceFile(bytes: Uint8Array, fileName: string, options: SourceOptions = {}): SourceText {
  const name = fileName.trim() || 'file';
  const label = msg('source.file', { name });
  if (bytes.length === 0) throw new ValidationError('empty', msg('source.empty', { what: label }));
  checkSize(bytes.length, label, options);
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (signature) throw new ValidationError('unsupported', msg('source.wrongKind', { what: label, kind: signature.kind }));
  const { text, encoding } = decode(bytes, label);
  return finish(text, name, label, encoding, bytes.length);
}

/**
 * Validates pasted text with the same rules as a file.
 * @throws ValidationError `empty`, `too-large` or `binary`.
 */
export function readPastedText(text: string, options: SourceOptions = {}): SourceText {
  const label = msg('source.pasted');
  const bytes = utf8Length(text);
  checkSize(bytes, label, options);
  return finish(text, 'pasted text', label, 'utf-8', bytes);
}

function checkSize(bytes: number, label: Message, options: SourceOptions): void {
  const max = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  if (bytes <= max) return;
  throw new ValidationError('too-large', msg('source.tooLarge', { what: label, size: megabytes(bytes), max: megabytes(max) }));
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function decode(bytes: Uint8Array, label: Message): { text: string; encoding: SourceEncoding } {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) {
    const text = tryDecode(utf16, bytes);
    if (text !== null) return { text, encoding: utf16 };
  } else if (bytes.includes(0)) {
    throw notText(label);
  }
  const utf8 = tryDecode('utf-8', bytes);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };
  const gb = looksLikeGb(bytes) ? tryDecode('gb18030', bytes) : null;
  if (gb !== null) return { text: gb, encoding: 'gb18030' };
  throw new ValidationError('unsupported', msg('source.notUtf8', { what: label }));
}

/** Decodes strictly; null when the bytes are invalid or the runtime lacks the encoding. */
function tryDecode(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * Latin-1 text can decode as GB18030 by accident; real Chinese text mostly uses the GB2312
 * area (lead 0xB0–0xF7, trail 0xA1–0xFE). Require at least half of the double-byte
 * characters there.
 */
function looksLikeGb(bytes: Uint8Array): boolean {
  let pairs = 0;
  let common = 0;
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i] ?? 0;
    const next = bytes[i + 1] ?? 0;
    if (lead < 0x80) i += 1;
    else if (next >= 0x30 && next <= 0x39) i += 4;
    else {
      pairs += 1;
      if (lead >= 0xa1 && lead <= 0xf7 && next >= 0xa1) common += 1;
      i += 2;
    }
  }
  return pairs > 0 && common * 2 >= pairs;
}

function finish(raw: string, name: string, label: Message, encoding: SourceEncoding, bytes: number): SourceText {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.includes('\0') || controlRatio(text) > MAX_CONTROL_RATIO) throw notText(label);
  const trimmed = text.trim();
  if (!trimmed) throw new ValidationError('empty', msg('source.blank', { what: label }));
  return { text: trimmed, name, encoding, bytes };
}

function notText(label: Message): ValidationError {
  return new ValidationError('binary', msg('source.binary', { what: label }));
}

function controlRatio(text: string): number {
  let control = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c) || c === 0x7f) control += 1;
  }
  return text.length === 0 ? 0 : control / text.length;
}

/** UTF-8 byte length without allocating an encoded copy. */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) bytes += 0;
    else if (c >= 0xdc00 && c <= 0xdfff) bytes += 4;
    else bytes += 3;
  }
  return bytes;
}
