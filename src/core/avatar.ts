/**
 * Avatars: the pictures of personas and of the user's "you"s. The original picture a card
 * brought stays in `Persona.avatar` (export writes it back); screens show a small thumbnail
 * made once, on import or upload, by an {@link ImageThumbnailer} (the browser's image decoder
 * and a canvas, in `src/adapters/image`). Without a picture, a generated initial stands in: the
 * name's first letter on a colour derived from the name.
 */
import { ValidationError } from './errors/index.ts';
import { msg } from './i18n/message.ts';

/** A picture's bytes and their type (`image/png`, `image/jpeg`, `image/webp`, `image/gif`). */
export interface AvatarImage {
  mime: string;
  bytes: Uint8Array;
}

/** Makes the small square picture shown on screen from an original. */
export interface ImageThumbnailer {
  /**
   * A `size`×`size` thumbnail of `image` (cropped to the middle square), as WebP or, where
   * the browser cannot write WebP, JPEG; at most {@link MAX_THUMB_BYTES}.
   * @throws ValidationError (`invalid`) when the picture cannot be decoded, (`too-large`) when
   *   no thumbnail fits the limit.
   */
  thumbnail(image: AvatarImage, size: number): Promise<AvatarImage>;
}

/** Largest picture file accepted for an avatar (10 MB); larger files are refused unread. */
export const MAX_AVATAR_FILE_BYTES = 10 * 1024 * 1024;
/** Side of a thumbnail in pixels (shown at 2–3 rem, sharp on high-density screens). */
export const THUMB_SIZE = 128;
/** Largest thumbnail kept (64 KB): a 128-pixel WebP is usually 3–10 KB. */
export const MAX_THUMB_BYTES = 64 * 1024;

/** The picture types an avatar may be (what browsers decode everywhere). */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
/** Types a thumbnail may be stored as. */
const THUMB_TYPES = new Set(['image/webp', 'image/jpeg', 'image/png']);

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/** The picture type the bytes start with (its signature, not its file name), or null. */
export function sniffImageType(bytes: Uint8Array): (typeof AVATAR_TYPES)[number] | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return 'image/gif';
  return null;
}

/**
 * Checks a picked picture file before it is decoded: not empty, within
 * {@link MAX_AVATAR_FILE_BYTES}, and a PNG, JPEG, WebP or GIF by its content.
 * @throws ValidationError (`empty`, `too-large`, `unsupported`) naming the file.
 */
export function checkAvatarFile(bytes: Uint8Array, fileName: string): AvatarImage {
  if (bytes.length === 0) throw new ValidationError('empty', msg('avatar.error.empty', { name: fileName }));
  if (bytes.length > MAX_AVATAR_FILE_BYTES) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    throw new ValidationError('too-large', msg('avatar.error.fileTooLarge', { name: fileName, size: mb(bytes.length), max: mb(MAX_AVATAR_FILE_BYTES) }));
  }
  const mime = sniffImageType(bytes);
  if (!mime) throw new ValidationError('unsupported', msg('avatar.error.notImage', { name: fileName }));
  return { mime, bytes };
}

/**
 * Checks what a thumbnailer made: a WebP, JPEG or PNG of at most {@link MAX_THUMB_BYTES}.
 * @throws ValidationError (`too-large`, `unsupported`) otherwise.
 */
export function checkThumbnail(image: AvatarImage): AvatarImage {
  if (!THUMB_TYPES.has(image.mime) || sniffImageType(image.bytes) !== image.mime) {
    throw new ValidationError('unsupported', msg('avatar.error.thumbType', { type: image.mime }));
  }
  if (image.bytes.length > MAX_THUMB_BYTES) {
    throw new ValidationError('too-large', msg('avatar.error.thumbTooLarge', { size: Math.ceil(image.bytes.length / 1024), max: MAX_THUMB_BYTES / 1024 }));
  }
  return image;
}

/**
 * The checked thumbnail of a picture (see {@link ImageThumbnailer.thumbnail} and {@link checkThumbnail}).
 * @throws ValidationError when the picture cannot be decoded or no thumbnail fits.
 */
export async function makeThumbnail(image: AvatarImage, thumbnailer: ImageThumbnailer): Promise<AvatarImage> {
  return checkThumbnail(await thumbnailer.thumbnail(image, THUMB_SIZE));
}

/**
 * The picture as a `data:` URL (what an `<img>` shows; the page's policy allows `data:` images).
 * Encoded with the platform's `btoa`: this module is part of the first download, the card codec
 * (with its own base64) is not.
 */
export function imageDataUrl(image: AvatarImage): string {
  let binary = '';
  for (let i = 0; i < image.bytes.length; i += 0x8000) binary += String.fromCharCode(...image.bytes.subarray(i, i + 0x8000));
  return `data:${image.mime};base64,${btoa(binary)}`;
}

const DATA_URL = /^data:(image\/(?:webp|jpeg|png));base64,([A-Za-z0-9+/]+={0,2})$/;

/** True when `value` is a thumbnail kept as a `data:` URL (a "you"'s picture in the settings), within the size limit. */
export function isThumbDataUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATA_URL.exec(value);
  return match !== null && ((match[2]?.length ?? 0) * 3) / 4 <= MAX_THUMB_BYTES + 2;
}

let graphemes: Intl.Segmenter | undefined;
/** A first letter or digit with nothing joined to it (no combining mark, joiner or variation selector after it). */
const SIMPLE_START = /^([\p{L}\p{N}])(?!\p{M}|\u200d|\ufe0e|\ufe0f)/u;

/**
 * The letter shown when there is no picture: the first letter or digit of the name (a whole
 * character, so a Chinese surname or an accented letter stays whole), upper-cased; "?" when the
 * name has none.
 */
export function avatarInitial(name: string): string {
  const trimmed = name.trim();
  // Most names start with a letter that is a whole character by itself; only the others need the
  // grapheme segmenter (costly to create, and avatars are drawn for every message shown).
  const simple = SIMPLE_START.exec(trimmed)?.[1];
  if (simple) return simple.toLocaleUpperCase();
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(trimmed)) {
    if (/[\p{L}\p{N}]/u.test(segment)) return segment.toLocaleUpperCase();
  }
  return '?';
}

/** A stable hue (0–359) derived from a name (FNV-1a), so the same name always gets the same colour. */
export function hueOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 360;
}

/** An HSL colour (saturation and lightness 0–1) as 0–255 RGB. */
export function hslToRgb(hue: number, saturation: number, lightness: number): [number, number, number] {
  const c = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const x = c * (1 - Math.abs(((hue / 60) % 2) - 1));
  const m = lightness - c / 2;
  const [r, g, b] = hue < 60 ? [c, x, 0] : hue < 120 ? [x, c, 0] : hue < 180 ? [0, c, x] : hue < 240 ? [0, x, c] : hue < 300 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r + m) * 255), Math.round((g + m) * 255), Math.round((b + m) * 255)];
}

/**
 * The background of a generated initial, `#rrggbb`: the name's hue, dark enough that the white
 * letter has at least 4.5:1 contrast whatever the hue (WCAG AA for normal text).
 */
export function avatarColour(name: string): string {
  const rgb = hslToRgb(hueOf(name.trim()), 0.45, 0.3);
  return `#${rgb.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}
