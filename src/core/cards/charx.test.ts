import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fflateZip } from '../../adapters/zip/fflate-zip.ts';
import { ValidationError } from '../errors/index.ts';
import type { PersonaInit } from '../persona/index.ts';
import { exportCharx, isZipArchive, readCharx } from './charx.ts';
import { exportCardV3Json } from './export-card.ts';
import { importCard } from './import-card.ts';
import { MAX_CHARX_ENTRIES, MAX_CHARX_KEPT_BYTES } from './limits.ts';
import { placeholderPng } from './placeholder-png.ts';
import { jsonBytes, sampleV3Card } from './test-fixtures.ts';

const ICON = placeholderPng('Lin Daiyu');
const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 1, 2, 3, 4]);

/** A V3 card whose main icon and a background are embedded in the zip. */
function cardWithAssets(): Record<string, unknown> {
  const card = sampleV3Card();
  const data = card.data as Record<string, unknown>;
  data.assets = [
    { type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' },
    { type: 'background', uri: 'embeded://assets/background/images/garden.webp', name: 'main', ext: 'webp' },
    { type: 'emotion', uri: 'https://example.org/happy.png', name: 'happy', ext: 'png' },
  ];
  return card;
}

function zipOf(files: Zippable): Uint8Array {
  return zipSync(files, { level: 6 });
}

function validCharx(): Uint8Array {
  return zipOf({
    'card.json': jsonBytes(cardWithAssets()),
    'assets/icon/images/main.png': ICON,
    'assets/background/images/garden.webp': WEBP,
    'x_risu_module.json': jsonBytes({ app: 'data' }),
  });
}

/** Calls `change(view, offset)` on the central directory record of every entry named `name`. */
function patchDirectory(zip: Uint8Array, name: string, change: (view: DataView, at: number) => void): Uint8Array {
  const bytes = zip.slice();
  const view = new DataView(bytes.buffer);
  let end = bytes.length - 22;
  while (view.getUint32(end, true) !== 0x06054b50) end--;
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    const entry = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    if (entry === name) change(view, at);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return bytes;
}

/** Renames an entry in the central directory (same length), as a crafted archive would. */
function renameEntry(zip: Uint8Array, from: string, to: string): Uint8Array {
  return patchDirectory(zip, from, (view, at) => {
    new Uint8Array(view.buffer).set(new TextEncoder().encode(to), at + 46);
  });
}

function rejection(run: () => unknown): ValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

function read(bytes: Uint8Array) {
  return readCharx(bytes, 'card', fflateZip);
}

function withoutIds(persona: PersonaInit): PersonaInit {
  return JSON.parse(JSON.stringify({ ...persona, avatar: undefined, card: { ...persona.card, packedFiles: undefined } })) as PersonaInit;
}

describe('CHARX import', () => {
  it('reads card.json, takes the main icon as the avatar (bytes as they were) and keeps the other files', () => {
    const { persona, warnings } = read(validCharx());
    expect(persona.name).toBe('Lin Daiyu');
    expect(persona.greeting).toBe((sampleV3Card().data as { first_mes: string }).first_mes);
    expect(persona.avatar).toEqual({ mime: 'image/png', bytes: ICON });
    expect(persona.card?.iconPath).toBe('assets/icon/images/main.png');
    expect(persona.card?.packedFiles?.map((f) => f.path)).toEqual(['assets/background/images/garden.webp', 'x_risu_module.json']);
    expect(persona.card?.packedFiles?.[0]?.bytes).toEqual(WEBP);
    expect(persona.card?.unknownFields.assets).toEqual((cardWithAssets().data as { assets: unknown }).assets);
    expect(warnings).toEqual([]);
  });

  it('is found by content through importCard, and refused by name without a zip library', () => {
    const bytes = validCharx();
    expect(isZipArchive(bytes)).toBe(true);
    expect(importCard(bytes, 'Lin Daiyu.bin', fflateZip).persona.name).toBe('Lin Daiyu');
    const error = rejection(() => importCard(bytes, 'daiyu.charx'));
    expect(error.code).toBe('unsupported');
    expect(error.message).toMatch(/^"daiyu\.charx": .*ZIP archive/);
  });

  it('takes the only icon when none is named main, and says so when the icon is missing or not an image', () => {
    const card = cardWithAssets();
    (card.data as { assets: unknown }).assets = [{ type: 'icon', uri: 'embedded://pics/me.jpg', name: 'me', ext: 'jpg' }];
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
    expect(read(zipOf({ 'card.json': jsonBytes(card), 'pics/me.jpg': jpeg })).persona.avatar).toEqual({ mime: 'image/jpeg', bytes: jpeg });

    const missing = read(zipOf({ 'card.json': jsonBytes(card) }));
    expect(missing.persona.avatar).toBeUndefined();
    expect(missing.warnings.map((w) => w.key)).toEqual(['charx.warning.iconMissing']);

    const notImage = read(zipOf({ 'card.json': jsonBytes(card), 'pics/me.jpg': jsonBytes({ not: 'an image' }) }));
    expect(notImage.persona.avatar).toBeUndefined();
    expect(notImage.warnings.map((w) => w.key)).toEqual(['charx.warning.iconNotImage']);
    expect(notImage.persona.card?.packedFiles?.map((f) => f.path)).toEqual(['pics/me.jpg']);
  });

  it(`keeps at most ${MAX_CHARX_KEPT_BYTES / 1024 / 1024} MB of other files and names the ones left out`, () => {
    const noise = new Uint8Array(9 * 1024 * 1024);
    for (let i = 0; i < noise.length; i += 65536) crypto.getRandomValues(noise.subarray(i, i + 65536));
    const bytes = zipSync({ 'card.json': jsonBytes(cardWithAssets()), 'a.bin': [noise, { level: 0 }], 'b.bin': [noise, { level: 0 }] });
    const { persona, warnings } = read(bytes);
    expect(persona.card?.packedFiles?.map((f) => f.path)).toEqual(['a.bin']);
    expect(warnings.map((w) => w.key)).toContain('charx.warning.filesDropped');
    expect(warnings.find((w) => w.key === 'charx.warning.filesDropped')?.params).toMatchObject({ count: 1, paths: 'b.bin' });
  });
});

describe('CHARX refusals (each named, nothing read further)', () => {
  it('refuses a zip bomb: one entry compressed far beyond any real file', () => {
    const bomb = zipOf({ 'card.json': jsonBytes(sampleV3Card()), 'assets/other/zeros.bin': new Uint8Array(8 * 1024 * 1024) });
    const error = rejection(() => read(bomb));
    expect(error.code).toBe('zip-bomb');
    expect(error.text).toMatchObject({ key: 'charx.error.ratio', params: { path: 'assets/other/zeros.bin' } });
  });

  it('refuses an archive whose declared unpacked size is too large, before inflating anything', () => {
    const bytes = patchDirectory(validCharx(), 'x_risu_module.json', (view, at) => {
      view.setUint32(at + 20, 4_000_000, true);
      view.setUint32(at + 24, 300_000_000, true);
    });
    const error = rejection(() => read(bytes));
    expect(error.code).toBe('zip-bomb');
    expect(error.text.key).toBe('charx.error.tooLargeUnpacked');
  });

  it(`refuses more than ${MAX_CHARX_ENTRIES} entries`, () => {
    const files: Zippable = { 'card.json': jsonBytes(sampleV3Card()) };
    for (let i = 0; i <= MAX_CHARX_ENTRIES; i++) files[`assets/other/f${i}.txt`] = new Uint8Array([i & 255]);
    const error = rejection(() => read(zipOf(files)));
    expect(error.code).toBe('zip-bomb');
    expect(error.text.key).toBe('charx.error.tooManyFiles');
  });

  it('refuses an entry that unpacks to other bytes than declared (a lying size, a damaged file)', () => {
    const lying = patchDirectory(validCharx(), 'x_risu_module.json', (view, at) => view.setUint32(at + 24, 3, true));
    expect(rejection(() => read(lying))).toMatchObject({ code: 'invalid', text: { key: 'charx.error.damaged', params: { path: 'x_risu_module.json' } } });
    const badCrc = patchDirectory(validCharx(), 'card.json', (view, at) => view.setUint32(at + 16, 12345, true));
    expect(rejection(() => read(badCrc)).text.key).toBe('charx.error.damaged');
  });

  it.each([
    ['a parent folder', '../evil.json'],
    ['a parent folder inside', 'assets/../../evil.json'],
    ['an absolute path', '/etc/passwd'],
    ['a drive letter', 'C:/evil.json'],
    ['a backslash', 'assets\\evil.json'],
    ['an empty segment', 'assets//evil.json'],
    ['a dot segment', './card2.json'],
  ])('refuses a path with %s', (_, name) => {
    const error = rejection(() => read(zipOf({ 'card.json': jsonBytes(sampleV3Card()), [name]: new Uint8Array([1]) })));
    expect(error.code).toBe('unsafe-path');
    expect(error.text).toMatchObject({ key: 'charx.error.unsafePath', params: { path: name } });
  });

  it('refuses a name that appears twice', () => {
    const bytes = renameEntry(zipOf({ 'card.json': jsonBytes(sampleV3Card()), cardXjson: jsonBytes({}) }), 'cardXjson', 'card.json');
    const error = rejection(() => read(bytes));
    expect(error.code).toBe('duplicate-entry');
    expect(error.text).toMatchObject({ key: 'charx.error.duplicate', params: { path: 'card.json' } });
  });

  it('refuses encrypted entries and unknown compression methods', () => {
    const encrypted = patchDirectory(validCharx(), 'card.json', (view, at) => view.setUint16(at + 8, view.getUint16(at + 8, true) | 1, true));
    expect(rejection(() => read(encrypted))).toMatchObject({ code: 'encrypted', text: { key: 'charx.error.encrypted' } });
    const lzma = patchDirectory(validCharx(), 'card.json', (view, at) => view.setUint16(at + 10, 14, true));
    expect(rejection(() => read(lzma))).toMatchObject({ code: 'unsupported', text: { key: 'charx.error.method', params: { method: 14 } } });
  });

  it('refuses a zip without card.json at its root, and bytes that are no zip', () => {
    const nested = zipOf({ 'inner/card.json': jsonBytes(sampleV3Card()), 'assets/icon/images/main.png': ICON });
    expect(rejection(() => read(nested))).toMatchObject({ code: 'no-card', text: { key: 'charx.error.noCard' } });
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(rejection(() => read(broken))).toMatchObject({ code: 'invalid', text: { key: 'charx.error.notZip' } });
    expect(rejection(() => importCard(broken, 'x.charx', fflateZip)).message).toMatch(/^"x\.charx": This file is not a readable ZIP archive/);
  });

  it('passes errors of card.json itself through', () => {
    const error = rejection(() => read(zipOf({ 'card.json': new TextEncoder().encode('{"spec": ') })));
    expect(error.code).toBe('bad-json');
  });
});

describe('CHARX export', () => {
  it('round-trips: import, export, import again gives the same persona, avatar bytes and files', () => {
    const first = read(validCharx()).persona;
    const exported = exportCharx(first, fflateZip);
    const again = read(exported).persona;
    expect(withoutIds(again)).toEqual(withoutIds(first));
    expect(again.avatar).toEqual(first.avatar);
    expect(again.card?.iconPath).toBe('assets/icon/images/main.png');
    expect(again.card?.packedFiles).toEqual(first.card?.packedFiles);
    expect(exportCharx(again, fflateZip)).toEqual(exported);
  });

  it('writes card.json, the avatar as the main icon and nothing else for a persona made in EGOS', () => {
    const persona = read(validCharx()).persona;
    const made: PersonaInit = { ...persona, card: undefined, avatar: { mime: 'image/png', bytes: ICON } };
    const bytes = exportCharx(made, fflateZip);
    expect(fflateZip.list(bytes).map((e) => e.name)).toEqual(['card.json', 'assets/icon/images/main.png']);
    const card = JSON.parse(new TextDecoder().decode(fflateZip.extract(bytes, new Set(['card.json'])).get('card.json'))) as {
      spec: string;
      data: { assets: unknown };
    };
    expect(card.spec).toBe('chara_card_v3');
    expect(card.data.assets).toEqual([{ type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' }]);
    expect(read(bytes).persona.avatar?.bytes).toEqual(ICON);
  });

  it('moves the icon when the avatar changed type, and points at the default without an avatar', () => {
    const persona = read(validCharx()).persona;
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 9]);
    const changed = exportCharx({ ...persona, avatar: { mime: 'image/jpeg', bytes: jpeg } }, fflateZip);
    expect(fflateZip.list(changed).map((e) => e.name)).toContain('assets/icon/images/main.jpeg');
    expect(read(changed).persona.avatar).toEqual({ mime: 'image/jpeg', bytes: jpeg });

    const none = exportCharx({ ...persona, avatar: undefined }, fflateZip);
    const back = read(none);
    expect(back.persona.avatar).toBeUndefined();
    expect(back.warnings).toEqual([]);
    expect((back.persona.card?.unknownFields.assets as { uri: string }[])[0]?.uri).toBe('ccdefault:');
  });

  it('keeps the JSON export free of CHARX-only origin data', () => {
    const persona = read(validCharx()).persona;
    expect(exportCardV3Json(persona)).not.toContain('packedFiles');
    expect(exportCardV3Json(persona)).not.toContain('iconPath');
  });
});
