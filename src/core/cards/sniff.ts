import { ValidationError } from '../errors/index.ts';
import { hasPngSignature } from './png-chunks.ts';

/** What a file's first bytes say it is. */
export type CardFileKind = 'png' | 'json';

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

/** Index of the first byte after a UTF-8 BOM and JSON whitespace. */
function firstContentByte(bytes: Uint8Array): number {
  let at = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at] as number)) at++;
  return at;
}

/** A format people pick by mistake, named in English and in Chinese. */
interface OtherFormat {
  en: string;
  zh: string;
}

function otherFormat(bytes: Uint8Array): OtherFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { en: 'a JPEG image', zh: 'JPEG 图片' };
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return { en: 'a WebP image', zh: 'WebP 图片' };
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return { en: 'a GIF image', zh: 'GIF 图片' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return { en: 'a ZIP archive (such as a .charx card)', zh: 'ZIP 压缩包（例如 .charx 角色卡）' };
  return undefined;
}

/**
 * Tells a PNG card from a JSON card by content, never by file name.
 * @throws {ValidationError} `unsupported` for JPEG/WebP/GIF/ZIP files, `not-png` for anything else.
 */
export function sniffCardFile(bytes: Uint8Array, fileName: string): CardFileKind {
  if (hasPngSignature(bytes)) return 'png';
  const first = bytes[firstContentByte(bytes)];
  if (first === 0x7b || first === 0x5b) return 'json';
  const other = otherFormat(bytes);
  if (other) {
    throw new ValidationError(
      'unsupported',
      `This file is ${other.en}; EGOS reads character cards as PNG or JSON. Export the card as PNG or JSON and try again.`,
      { zh: `这个文件是${other.zh}；EGOS 只能读取 PNG 或 JSON 格式的角色卡。请把角色卡导出为 PNG 或 JSON 后再试。` },
    );
  }
  const namedPng = /\.png$/i.test(fileName);
  throw new ValidationError(
    'not-png',
    namedPng
      ? 'This file is named .png but is not a PNG image (it may be damaged or renamed). Pick a real PNG character card.'
      : 'This file is neither a PNG character card nor a JSON card. Pick a .png or .json character card.',
    {
      zh: namedPng
        ? '这个文件的扩展名是 .png，但它不是 PNG 图片（可能已损坏或被改过名）。请选择真正的 PNG 角色卡。'
        : '这个文件既不是 PNG 角色卡，也不是 JSON 角色卡。请选择 .png 或 .json 格式的角色卡。',
    },
  );
}
