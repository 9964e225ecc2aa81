import { ValidationError } from '../errors/index.ts';

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

/** How a source is named in messages, in English and in Chinese. */
interface Label {
  en: string;
  zh: string;
}

/** Above this share of control characters a text is treated as binary. */
const MAX_CONTROL_RATIO = 0.01;

/** File signatures of formats people upload by mistake. */
const SIGNATURES: Array<{ bytes: number[]; kind: string; zh: string }> = [
  { bytes: [0x25, 0x50, 0x44, 0x46], kind: 'PDF', zh: 'PDF' },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: 'Word (.docx), EPUB or ZIP', zh: 'Word（.docx）、EPUB 或 ZIP' },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], kind: 'old Word (.doc)', zh: '旧版 Word（.doc）' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], kind: 'PNG image', zh: 'PNG 图片' },
  { bytes: [0xff, 0xd8, 0xff], kind: 'JPEG image', zh: 'JPEG 图片' },
  { bytes: [0x47, 0x49, 0x46, 0x38], kind: 'GIF image', zh: 'GIF 图片' },
  { bytes: [0x1f, 0x8b], kind: 'gzip archive', zh: 'gzip 压缩包' },
  { bytes: [0x52, 0x61, 0x72, 0x21], kind: 'RAR archive', zh: 'RAR 压缩包' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf], kind: '7-Zip archive', zh: '7-Zip 压缩包' },
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
  const label: Label = { en: `“${name}”`, zh: `“${name}”` };
  if (bytes.length === 0) {
    throw new ValidationError('empty', `${label.en} is empty. Choose a file with the character's text, or paste the text.`, {
      zh: `${label.zh}是空文件。请选择包含角色文字的文件，或直接粘贴文字。`,
    });
  }
  checkSize(bytes.length, label, options);
  const signature = SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b));
  if (signature) {
    throw new ValidationError(
      'unsupported',
      `${label.en} is a ${signature.kind} file. Only plain text (.txt, .md) can be read: copy the text out of it and paste it here.`,
      { zh: `${label.zh}是 ${signature.zh} 文件。只能读取纯文本（.txt、.md）：请把其中的文字复制出来，粘贴到这里。` },
    );
  }
  const { text, encoding } = decode(bytes, label);
  return finish(text, name, label, encoding, bytes.length);
}

/**
 * Validates pasted text with the same rules as a file.
 * @throws ValidationError `empty`, `too-large` or `binary`.
 */
export function readPastedText(text: string, options: SourceOptions = {}): SourceText {
  const label: Label = { en: 'The pasted text', zh: '粘贴的文本' };
  const bytes = utf8Length(text);
  checkSize(bytes, label, options);
  return finish(text, 'pasted text', label, 'utf-8', bytes);
}

function checkSize(bytes: number, label: Label, options: SourceOptions): void {
  const max = options.maxBytes ?? DEFAULT_MAX_SOURCE_BYTES;
  if (bytes <= max) return;
  throw new ValidationError(
    'too-large',
    `${label.en} is ${megabytes(bytes)}; the limit is ${megabytes(max)}. Keep only the parts about the character (or split it) and try again.`,
    { zh: `${label.zh}大小为 ${megabytes(bytes)}，上限为 ${megabytes(max)}。请只保留与角色有关的部分（或拆分成几份）后再试。` },
  );
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function decode(bytes: Uint8Array, label: Label): { text: string; encoding: SourceEncoding } {
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
  throw new ValidationError('unsupported', `${label.en} is not UTF-8 or GB18030 (GBK) text. Open it in a text editor, save it as UTF-8, and try again.`, {
    zh: `${label.zh}不是 UTF-8 或 GB18030（GBK）编码的文本。请用文本编辑器打开，另存为 UTF-8 后再试。`,
  });
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

function finish(raw: string, name: string, label: Label, encoding: SourceEncoding, bytes: number): SourceText {
  const text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (text.includes('\0') || controlRatio(text) > MAX_CONTROL_RATIO) throw notText(label);
  const trimmed = text.trim();
  if (!trimmed) {
    throw new ValidationError('empty', `${label.en} contains only spaces and blank lines. Use a text that describes the character.`, {
      zh: `${label.zh}只有空格和空行。请使用描写这个角色的文字。`,
    });
  }
  return { text: trimmed, name, encoding, bytes };
}

function notText(label: Label): ValidationError {
  return new ValidationError('binary', `${label.en} is not plain text (it contains binary data). Choose a .txt or .md file, or paste the text.`, {
    zh: `${label.zh}不是纯文本（其中含有二进制数据）。请选择 .txt 或 .md 文件，或直接粘贴文字。`,
  });
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
