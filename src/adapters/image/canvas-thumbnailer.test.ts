import { describe, expect, it } from 'vitest';
import { MAX_THUMB_BYTES } from '../../core/avatar.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { createCanvasThumbnailer, type CanvasApi } from './canvas-thumbnailer.ts';

const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0]);
const PICTURE = { mime: 'image/png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) };

/** A fake browser: decodes to `width`×`height` (or fails), records drawing, encodes as the browser `writes` allow. */
function fakeApi(options: { width?: number; height?: number; fail?: boolean; writes?: Record<string, Uint8Array> } = {}) {
  const log = { drawn: [] as number[][], encoded: [] as string[], closed: 0, decodedType: '' };
  const writes: Record<string, Uint8Array> = options.writes ?? { 'image/webp': WEBP, 'image/jpeg': JPEG };
  const api: CanvasApi = {
    async decode(blob) {
      log.decodedType = blob.type;
      if (options.fail) throw new DOMException('The source image could not be decoded.', 'InvalidStateError');
      return { width: options.width ?? 400, height: options.height ?? 300, close: () => log.closed++ };
    },
    canvas: (width, height) => ({
      getContext: () => ({
        imageSmoothingEnabled: false,
        imageSmoothingQuality: 'low',
        drawImage: (_image, ...args) => log.drawn.push([...args, width, height]),
      }),
      async convertToBlob({ type }) {
        log.encoded.push(type);
        const bytes = writes[type];
        return bytes ? new Blob([new Uint8Array(bytes)], { type }) : new Blob([new Uint8Array(8)], { type: 'image/png' });
      },
    }),
  };
  return { api, log };
}

describe('canvas thumbnailer', () => {
  it('draws the middle square scaled to the size and writes WebP', async () => {
    const { api, log } = fakeApi({ width: 400, height: 300 });
    const thumb = await createCanvasThumbnailer(api).thumbnail(PICTURE, 128);
    expect(thumb).toEqual({ mime: 'image/webp', bytes: WEBP });
    expect(log.decodedType).toBe('image/png');
    expect(log.drawn).toEqual([[50, 0, 300, 300, 0, 0, 128, 128, 128, 128]]);
    expect(log.closed).toBe(1);
  });

  it('falls back to JPEG where the browser cannot write WebP', async () => {
    const { api, log } = fakeApi({ width: 100, height: 200, writes: { 'image/jpeg': JPEG } });
    const thumb = await createCanvasThumbnailer(api).thumbnail(PICTURE, 64);
    expect(thumb.mime).toBe('image/jpeg');
    expect(log.encoded).toEqual(['image/webp', 'image/jpeg']);
    expect(log.drawn[0]?.slice(0, 4)).toEqual([0, 50, 100, 100]);
  });

  it('names the problem when the picture cannot be decoded', async () => {
    const { api } = fakeApi({ fail: true });
    const error = await createCanvasThumbnailer(api)
      .thumbnail({ mime: 'image/webp', bytes: WEBP }, 128)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ code: 'invalid', message: expect.stringContaining('This picture (image/webp) could not be decoded') });
  });

  it('refuses a picture of no pixels, and a thumbnail that never fits the limit', async () => {
    const empty = fakeApi({ width: 0, height: 0 });
    await expect(createCanvasThumbnailer(empty.api).thumbnail(PICTURE, 128)).rejects.toMatchObject({ code: 'invalid' });
    expect(empty.log.closed).toBe(1);
    const huge = new Uint8Array(MAX_THUMB_BYTES + 1);
    const { api, log } = fakeApi({ writes: { 'image/webp': huge, 'image/jpeg': huge } });
    await expect(createCanvasThumbnailer(api).thumbnail(PICTURE, 128)).rejects.toMatchObject({ code: 'too-large' });
    expect(log.encoded).toEqual(['image/webp', 'image/jpeg', 'image/jpeg']);
    expect(log.closed).toBe(1);
  });
});
