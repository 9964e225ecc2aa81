import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import type { BackupData } from './backup-format.ts';
import { createBackup, serializeBackup } from './create-backup.ts';
import { sampleBackupData } from './fixtures.test-support.ts';
import { parseBackup } from './parse-backup.ts';

const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 1, 2]);

/** The sample library with its first persona imported from a CHARX card (an icon path and a kept background). */
function withCharxOrigin(): BackupData {
  const data = sampleBackupData();
  const persona = data.personas[0]!;
  persona.card = {
    spec: 'chara_card_v3',
    specVersion: '3.0',
    unknownFields: { assets: [{ type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' }] },
    extensions: {},
    iconPath: 'assets/icon/images/main.png',
    packedFiles: [{ path: 'assets/background/images/garden.webp', bytes: WEBP }],
  };
  return data;
}

describe('the files a CHARX card kept, in backups', () => {
  it('are written as base64 and read back as bytes, with the icon path', () => {
    const { file } = createBackup(withCharxOrigin(), { includeApiKeys: false, now: 1 });
    expect(file.data.personas[0]?.card?.packedFiles).toEqual([{ path: 'assets/background/images/garden.webp', base64: 'UklGRgQAAABXRUJQAQI=' }]);
    const { data } = parseBackup(serializeBackup(file));
    const card = data.personas[0]?.card;
    expect(card?.iconPath).toBe('assets/icon/images/main.png');
    expect(card?.packedFiles?.[0]?.bytes).toBeInstanceOf(Uint8Array);
    expect(card?.packedFiles?.[0]?.bytes).toEqual(WEBP);
  });

  it('refuse a damaged file by its path, changing nothing', () => {
    const { file } = createBackup(withCharxOrigin(), { includeApiKeys: false, now: 1 });
    file.data.personas[0]!.card!.packedFiles![0]!.base64 = 'not base64!';
    let error: unknown;
    try {
      parseBackup(serializeBackup(file));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/personas\[0\]\.card\.packedFiles\[0\]\.base64 should be base64/);
  });
});
