/**
 * Avatar thumbnails with the browser's own image decoder (`createImageBitmap`) and an
 * `OffscreenCanvas`: the middle square of the picture, scaled to the thumbnail size, written as
 * WebP (JPEG where the browser cannot write WebP: it then returns a PNG, which is much larger).
 */
import { type AvatarImage, type ImageThumbnailer, MAX_THUMB_BYTES } from '../../core/avatar.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';

/** The decoded picture (an `ImageBitmap`). */
interface Bitmap {
  readonly width: number;
  readonly height: number;
  close(): void;
}

/** The parts of a 2D canvas the thumbnailer draws with (an `OffscreenCanvas`). */
interface Canvas {
  getContext(kind: '2d'): {
    imageSmoothingEnabled: boolean;
    imageSmoothingQuality: 'low' | 'medium' | 'high';
    drawImage(image: Bitmap, sx: number, sy: number, sw: number, sh: number, dx: number, dy: number, dw: number, dh: number): void;
  } | null;
  convertToBlob(options: { type: string; quality: number }): Promise<Blob>;
}

/** What the thumbnailer needs from the browser (tests give fakes). */
export interface CanvasApi {
  decode(blob: Blob): Promise<Bitmap>;
  canvas(width: number, height: number): Canvas;
}

/** Encodings tried in turn, with their quality. */
const ENCODINGS = [
  { type: 'image/webp', quality: 0.85 },
  { type: 'image/jpeg', quality: 0.85 },
  { type: 'image/jpeg', quality: 0.6 },
] as const;

/** A thumbnailer over `api` (see the module comment). */
export function createCanvasThumbnailer(api: CanvasApi): ImageThumbnailer {
  return {
    async thumbnail(image: AvatarImage, size: number): Promise<AvatarImage> {
      const bitmap = await decode(api, image);
      try {
        const side = Math.min(bitmap.width, bitmap.height);
        const canvas = api.canvas(size, size);
        const context = canvas.getContext('2d');
        if (!context) throw new ValidationError('unsupported', msg('avatar.error.noDecoder'));
        context.imageSmoothingEnabled = true;
        context.imageSmoothingQuality = 'high';
        context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2, side, side, 0, 0, size, size);
        for (const encoding of ENCODINGS) {
          const blob = await canvas.convertToBlob(encoding);
          if (blob.type === encoding.type && blob.size <= MAX_THUMB_BYTES) return { mime: blob.type, bytes: new Uint8Array(await blob.arrayBuffer()) };
        }
        throw new ValidationError('too-large', msg('avatar.error.thumbNotSmall', { max: MAX_THUMB_BYTES / 1024 }));
      } finally {
        bitmap.close();
      }
    },
  };
}

async function decode(api: CanvasApi, image: AvatarImage): Promise<Bitmap> {
  let bitmap: Bitmap;
  try {
    bitmap = await api.decode(new Blob([new Uint8Array(image.bytes)], { type: image.mime }));
  } catch (error) {
    throw new ValidationError('invalid', msg('avatar.error.undecodable', { type: image.mime }), { cause: error });
  }
  if (bitmap.width > 0 && bitmap.height > 0) return bitmap;
  bitmap.close();
  throw new ValidationError('invalid', msg('avatar.error.undecodable', { type: image.mime }));
}

/** The browser's decoder and canvas, or undefined where either is missing (pictures are then refused with a reason). */
export function browserCanvasApi(): CanvasApi | undefined {
  if (typeof globalThis.createImageBitmap !== 'function' || typeof globalThis.OffscreenCanvas !== 'function') return undefined;
  return {
    decode: (blob) => globalThis.createImageBitmap(blob),
    canvas: (width, height) => new OffscreenCanvas(width, height) as unknown as Canvas,
  };
}
