import { describe, expect, it } from 'vitest';
import {
  avatarColour,
  avatarInitial,
  checkAvatarFile,
  checkThumbnail,
  hslToRgb,
  hueOf,
  imageDataUrl,
  isThumbDataUrl,
  makeThumbnail,
  MAX_AVATAR_FILE_BYTES,
  MAX_THUMB_BYTES,
  sniffImageType,
  THUMB_SIZE,
} from './avatar.ts';
import { ValidationError } from './errors/index.ts';
import { english } from './i18n/message.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
const WEBP = [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50];
const GIF = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61];

function bytes(signature: number[], length = 64): Uint8Array {
  const out = new Uint8Array(Math.max(length, signature.length));
  out.set(signature);
  return out;
}

/** WCAG contrast ratio of two sRGB colours. */
function contrast(a: [number, number, number], b: [number, number, number]): number {
  const lum = ([r, g, b2]: [number, number, number]) => {
    const lin = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b2);
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

function rgbOf(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

describe('avatar initials and colours', () => {
  it('takes the first letter or digit, whole and upper-cased, in any script', () => {
    expect(avatarInitial('ada lovelace')).toBe('A');
    expect(avatarInitial('  Émile')).toBe('É');
    expect(avatarInitial('林黛玉')).toBe('林');
    expect(avatarInitial('「宝玉」')).toBe('宝');
    expect(avatarInitial('*Maren*')).toBe('M');
    expect(avatarInitial('7 of Nine')).toBe('7');
    expect(avatarInitial('🙂 Sunny')).toBe('S');
    expect(avatarInitial('')).toBe('?');
    expect(avatarInitial('…')).toBe('?');
    // A letter with a combining accent (e + U+0301) stays whole.
    expect(avatarInitial('e\u0301mile')).toBe('E\u0301');
    expect(avatarInitial('𝒜da')).toBe('𝒜');
  });

  it('derives the same colour from the same name, and different names usually differ', () => {
    expect(avatarColour('Maren')).toBe(avatarColour(' Maren '));
    expect(avatarColour('Maren')).toMatch(/^#[0-9a-f]{6}$/);
    const colours = new Set(['Ada', 'Basho', 'Maren', '林黛玉', '宝玉', 'Tom', 'Amy'].map(avatarColour));
    expect(colours.size).toBeGreaterThan(4);
    expect(hueOf('林黛玉')).not.toBe(hueOf('林晚'));
  });

  it('keeps white letters readable (contrast at least 4.5:1) on every hue', () => {
    const worst = Math.min(...Array.from({ length: 360 }, (_, hue) => contrast(hslToRgb(hue, 0.45, 0.3), [255, 255, 255])));
    expect(worst).toBeGreaterThanOrEqual(4.5);
    expect(contrast(rgbOf(avatarColour('林黛玉')), [255, 255, 255])).toBeGreaterThanOrEqual(4.5);
  });
});

describe('avatar files and size limits', () => {
  it('knows pictures by their content, not their name', () => {
    expect(sniffImageType(bytes(PNG))).toBe('image/png');
    expect(sniffImageType(bytes(JPEG))).toBe('image/jpeg');
    expect(sniffImageType(bytes(WEBP))).toBe('image/webp');
    expect(sniffImageType(bytes(GIF))).toBe('image/gif');
    expect(sniffImageType(new TextEncoder().encode('{"spec":"chara_card_v2"}'))).toBeNull();
    expect(sniffImageType(new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x41, 0x56, 0x49, 0x20]))).toBeNull();
  });

  it('refuses an empty file, one over the limit, and one that is no picture, naming the file', () => {
    const refused = (data: Uint8Array) => {
      try {
        checkAvatarFile(data, 'me.png');
      } catch (error) {
        expect(error).toBeInstanceOf(ValidationError);
        return { code: (error as ValidationError).code, text: (error as ValidationError).message };
      }
      return null;
    };
    expect(refused(new Uint8Array(0))).toMatchObject({ code: 'empty', text: expect.stringContaining('“me.png”') });
    expect(refused(bytes(PNG, MAX_AVATAR_FILE_BYTES + 1))).toMatchObject({ code: 'too-large', text: expect.stringContaining('10.0 MB') });
    expect(refused(new TextEncoder().encode('not a picture'))).toMatchObject({
      code: 'unsupported',
      text: expect.stringContaining('not a PNG, JPEG, WebP or GIF'),
    });
    expect(checkAvatarFile(bytes(PNG, MAX_AVATAR_FILE_BYTES), 'me.png').mime).toBe('image/png');
  });

  it('keeps thumbnails small and in a picture type that matches their bytes', () => {
    expect(checkThumbnail({ mime: 'image/webp', bytes: bytes(WEBP, MAX_THUMB_BYTES) }).mime).toBe('image/webp');
    expect(() => checkThumbnail({ mime: 'image/webp', bytes: bytes(WEBP, MAX_THUMB_BYTES + 1) })).toThrow(/at most 64 KB/);
    expect(() => checkThumbnail({ mime: 'image/gif', bytes: bytes(GIF) })).toThrow(ValidationError);
    expect(() => checkThumbnail({ mime: 'image/png', bytes: bytes(JPEG) })).toThrow(/not a WebP, JPEG or PNG/);
  });

  it('asks the thumbnailer for the thumbnail size and checks what it made', async () => {
    const sizes: number[] = [];
    const made = await makeThumbnail(
      { mime: 'image/png', bytes: bytes(PNG) },
      {
        thumbnail: async (_image, size) => {
          sizes.push(size);
          return { mime: 'image/webp', bytes: bytes(WEBP) };
        },
      },
    );
    expect(sizes).toEqual([THUMB_SIZE]);
    expect(made.mime).toBe('image/webp');
    const huge = { thumbnail: async () => ({ mime: 'image/jpeg', bytes: bytes(JPEG, MAX_THUMB_BYTES * 2) }) };
    await expect(makeThumbnail({ mime: 'image/png', bytes: bytes(PNG) }, huge)).rejects.toMatchObject({ code: 'too-large' });
  });

  it('writes thumbnails as data: URLs and accepts only such picture URLs back', () => {
    const url = imageDataUrl({ mime: 'image/webp', bytes: bytes(WEBP, 30) });
    expect(url).toMatch(/^data:image\/webp;base64,UklGR/);
    expect(isThumbDataUrl(url)).toBe(true);
    expect(isThumbDataUrl('data:image/svg+xml;base64,PHN2Zz4=')).toBe(false);
    expect(isThumbDataUrl('javascript:alert(1)')).toBe(false);
    expect(isThumbDataUrl(imageDataUrl({ mime: 'image/png', bytes: bytes(PNG, MAX_THUMB_BYTES + 10) }))).toBe(false);
    expect(isThumbDataUrl(42)).toBe(false);
    expect(english({ key: 'avatar.error.undecodable', params: { type: 'image/png' } })).toMatch(/could not be decoded/);
  });
});
