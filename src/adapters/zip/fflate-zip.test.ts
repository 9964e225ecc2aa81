import { describe, expect, it } from 'vitest';
import { crc32 } from '../../core/cards/crc32.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { fflateZip } from './fflate-zip.ts';

const text = new TextEncoder().encode('{"spec":"chara_card_v3"}'.repeat(20));
const image = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);

describe('fflateZip', () => {
  it('writes files in order, deflating text and storing images, and lists them with sizes and CRCs without inflating', () => {
    const zip = fflateZip.create([
      { name: 'card.json', bytes: text, compress: true },
      { name: 'assets/icon/images/main.png', bytes: image, compress: false },
    ]);
    expect(fflateZip.list(zip)).toEqual([
      { name: 'card.json', method: 8, compressedSize: expect.any(Number), size: text.length, crc: crc32(text), encrypted: false },
      { name: 'assets/icon/images/main.png', method: 0, compressedSize: image.length, size: image.length, crc: crc32(image), encrypted: false },
    ]);
    const files = fflateZip.extract(zip, new Set(['assets/icon/images/main.png']));
    expect([...files.keys()]).toEqual(['assets/icon/images/main.png']);
    expect(files.get('assets/icon/images/main.png')).toEqual(image);
    expect(fflateZip.create([{ name: 'card.json', bytes: text, compress: true }])).toEqual(
      fflateZip.create([{ name: 'card.json', bytes: text, compress: true }]),
    );
  });

  it('refuses bytes that are no zip, and a directory claiming more entries than it has', () => {
    const notZip = (bytes: Uint8Array) => {
      try {
        fflateZip.list(bytes);
      } catch (error) {
        return error instanceof ValidationError ? error.text.key : error;
      }
      return 'accepted';
    };
    expect(notZip(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]))).toBe('charx.error.notZip');
    const zip = fflateZip.create([{ name: 'card.json', bytes: text, compress: true }]);
    const view = new DataView(zip.buffer, zip.byteOffset);
    const end = zip.length - 22;
    view.setUint16(end + 8, 60_000, true);
    view.setUint16(end + 10, 60_000, true);
    expect(notZip(zip)).toBe('charx.error.notZip');
  });
});
