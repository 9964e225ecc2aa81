import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { isZipArchive } from './charx.ts';
import { hasPngSignature } from './png-chunks.ts';

/** What a file's first bytes say it is (`charx`: any zip archive). */
export type CardFileKind = 'png' | 'json' | 'charx';

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** Index of the first byte after a UTF-8 BOM and JSON whitespace. */
function firstContentByte(bytes: Uint8Array): number {
  let at = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at] as number)) at++;
  return at;
}

/** The name of a format people pick by mistake. */
function otherFormat(bytes: Uint8Array): Message | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return msg('card.format.jpeg');
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return msg('card.format.webp');
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return msg('card.format.gif');
  return undefined;
}

/**
 * Tells a PNG card from a JSON card and a CHARX (zip) card by content, never by file name.
 * @throws {ValidationError} `unsupported` for JPEG/WebP/GIF files, `not-png` for anything else.
 */
export function sniffCardFile(bytes: Uint8Array, fileName: string): CardFileKind {
  if (hasPngSignature(bytes)) return 'png';
  if (isZipArchive(bytes)) return 'charx';
  const first = bytes[firstContentByte(bytes)];
  if (first === 0x7b || first === 0x5b) return 'json';
  const other = otherFormat(bytes);
  if (other) throw new ValidationError('unsupported', msg('card.error.otherFormat', { format: other }));
  throw new ValidationError('not-png', /\.png$/i.test(fileName) ? msg('card.error.namedPng') : msg('card.error.notCardFile'));
}
