import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { PackedFile, PersonaInit } from '../persona/index.ts';
import { isRecord } from '../llm-output.ts';
import { decodeUtf8, parseCardJson } from './card-json.ts';
import { cardToPersona, type CardImport } from './card-to-persona.ts';
import { crc32 } from './crc32.ts';
import type { JsonObject } from './json-fields.ts';
import {
  MAX_CARD_BYTES,
  MAX_CHARX_ENTRIES,
  MAX_CHARX_KEPT_BYTES,
  MAX_CHARX_PATH_LENGTH,
  MAX_CHARX_RATIO,
  MAX_CHARX_UNPACKED_BYTES,
  RATIO_CHECK_FROM_BYTES,
} from './limits.ts';
import { personaToCardV3, type CardExportOptions } from './persona-to-card.ts';

/**
 * Character Card V3 CHARX: a zip holding `card.json` at its root and the card's assets
 * (`assets/{type}/images/…`, addressed from the card as `embeded://path`). The zip itself is
 * an outside library behind {@link ZipCodec} (src/adapters/zip); everything here is policy:
 * what a safe archive is, which file is the avatar, what is kept for export.
 */

/** One entry of a zip as its central directory describes it (nothing inflated yet). */
export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflate; anything else is unsupported. */
  method: number;
  compressedSize: number;
  /** Uncompressed size as declared (a zip bomb may lie: extraction stops there). */
  size: number;
  /** CRC-32 of the uncompressed bytes, as declared. */
  crc: number;
  encrypted: boolean;
}

/** A file to write into a zip. */
export interface ZipFile {
  name: string;
  bytes: Uint8Array;
  /** Deflate it (text); false stores it as is (images and media are compressed already). */
  compress: boolean;
}

/** The zip container (an outside library, in src/adapters/zip). */
export interface ZipCodec {
  /**
   * The entries of a zip, in central directory order, without inflating anything.
   * @throws {ValidationError} `invalid` when the bytes are not a readable zip.
   */
  list(bytes: Uint8Array): ZipEntryInfo[];
  /**
   * The uncompressed bytes of the entries named, each at most its declared size long.
   * @throws {ValidationError} `invalid` when an entry cannot be inflated.
   */
  extract(bytes: Uint8Array, names: ReadonlySet<string>): Map<string, Uint8Array>;
  /** A zip of `files`, in order. */
  create(files: readonly ZipFile[]): Uint8Array;
}

const CARD_JSON = 'card.json';
/** The spec writes `embeded://`; `embedded://` is accepted too. */
const EMBEDDED_URI = /^embedd?ed:\/\//;
/** Files that are compressed already: stored, not deflated again. */
const PRECOMPRESSED = /\.(png|jpe?g|webp|gif|avif|mp3|ogg|m4a|aac|mp4|webm|zip|charx)$/i;

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** True when `bytes` start like a zip archive (a local file header, or an empty zip's end record). */
export function isZipArchive(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
}

/** A zip entry name that could write outside the folder it is unpacked into, or is not a plain relative path. */
function unsafePath(name: string): boolean {
  if (name === '' || name.length > MAX_CHARX_PATH_LENGTH) return true;
  if (name.includes('\\') || [...name].some((c) => c.charCodeAt(0) < 0x20)) return true;
  if (name.startsWith('/') || /^[a-z]:/i.test(name)) return true;
  const segments = name.replace(/\/$/, '').split('/');
  return segments.some((s) => s === '' || s === '.' || s === '..');
}

/**
 * Checks the whole listing before anything is inflated: entry count, names, duplicates,
 * encryption, compression method, total unpacked size and each entry's compression ratio.
 * @throws {ValidationError} `zip-bomb`, `unsafe-path`, `duplicate-entry`, `encrypted`, `unsupported` or `no-card`.
 */
function checkListing(entries: readonly ZipEntryInfo[]): void {
  if (entries.length > MAX_CHARX_ENTRIES) {
    throw new ValidationError('zip-bomb', msg('charx.error.tooManyFiles', { count: entries.length, max: MAX_CHARX_ENTRIES }));
  }
  const seen = new Set<string>();
  let total = 0;
  for (const entry of entries) {
    if (unsafePath(entry.name)) throw new ValidationError('unsafe-path', msg('charx.error.unsafePath', { path: entry.name.slice(0, 200) }));
    if (seen.has(entry.name)) throw new ValidationError('duplicate-entry', msg('charx.error.duplicate', { path: entry.name }));
    seen.add(entry.name);
    if (entry.encrypted) throw new ValidationError('encrypted', msg('charx.error.encrypted', { path: entry.name }));
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ValidationError('unsupported', msg('charx.error.method', { path: entry.name, method: entry.method }));
    }
    total += entry.size;
    const ratio = entry.size / Math.max(1, entry.compressedSize);
    if (entry.size >= RATIO_CHECK_FROM_BYTES && ratio > MAX_CHARX_RATIO) {
      throw new ValidationError('zip-bomb', msg('charx.error.ratio', { path: entry.name, ratio: Math.round(ratio) }));
    }
  }
  if (total > MAX_CHARX_UNPACKED_BYTES) {
    throw new ValidationError('zip-bomb', msg('charx.error.tooLargeUnpacked', { size: megabytes(total), max: megabytes(MAX_CHARX_UNPACKED_BYTES) }));
  }
  const card = entries.find((e) => e.name === CARD_JSON);
  if (!card) throw new ValidationError('no-card', msg('charx.error.noCard'));
  if (card.size > MAX_CARD_BYTES) {
    throw new ValidationError('too-large', msg('card.error.tooLarge', { size: megabytes(card.size), max: megabytes(MAX_CARD_BYTES) }));
  }
}

/** Inflates the entries named and checks each against its declared size and CRC. */
function extractChecked(zip: ZipCodec, bytes: Uint8Array, entries: readonly ZipEntryInfo[]): Map<string, Uint8Array> {
  const names = new Set(entries.map((e) => e.name));
  const files = zip.extract(bytes, names);
  for (const entry of entries) {
    const data = files.get(entry.name);
    if (!data || data.length !== entry.size || crc32(data) !== entry.crc) {
      throw new ValidationError('invalid', msg('charx.error.damaged', { path: entry.name }));
    }
  }
  return files;
}

/** The image type of `bytes` from its first bytes, with the extension CHARX assets use. */
function imageType(bytes: Uint8Array): { mime: string; ext: string } | undefined {
  const at = (i: number, ...values: number[]) => values.every((v, k) => bytes[i + k] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47)) return { mime: 'image/png', ext: 'png' };
  if (at(0, 0xff, 0xd8, 0xff)) return { mime: 'image/jpeg', ext: 'jpeg' };
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return { mime: 'image/webp', ext: 'webp' };
  if (at(0, 0x47, 0x49, 0x46, 0x38)) return { mime: 'image/gif', ext: 'gif' };
  if (at(4, 0x66, 0x74, 0x79, 0x70, 0x61, 0x76, 0x69, 0x66)) return { mime: 'image/avif', ext: 'avif' };
  return undefined;
}

/** The mime type a file extension names (`jpg` and `jpeg` alike). */
function mimeOfExtension(path: string): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase();
  if (ext === 'jpg' || ext === 'jpeg') return 'image/jpeg';
  return ext && ['png', 'webp', 'gif', 'avif'].includes(ext) ? `image/${ext}` : undefined;
}

/** One element of the card's `assets` list (fields of other types read as absent). */
interface AssetRef {
  type?: string;
  name?: string;
  uri?: string;
}

function assetRefs(data: JsonObject): AssetRef[] {
  const list = data.assets;
  if (!Array.isArray(list)) return [];
  return list.map((item): AssetRef => {
    if (!isRecord(item)) return {};
    const text = (key: string) => (typeof item[key] === 'string' ? item[key] : undefined);
    return { type: text('type'), name: text('name'), uri: text('uri') };
  });
}

/** Index in `refs` of the main icon: the `icon` named `main`, else the only or first icon; -1 when none. */
function mainIconIndex(refs: readonly AssetRef[]): number {
  const main = refs.findIndex((r) => r.type === 'icon' && r.name === 'main');
  return main >= 0 ? main : refs.findIndex((r) => r.type === 'icon');
}

/** The zip path an `embeded://` URI names, or undefined for other URIs (`ccdefault:`, https, data). */
function embeddedPath(uri: string | undefined): string | undefined {
  return uri !== undefined && EMBEDDED_URI.test(uri) ? uri.replace(EMBEDDED_URI, '') : undefined;
}

/** The card object inside the parsed `card.json` (its `data`), when it has one. */
function cardData(card: JsonObject): JsonObject {
  return isRecord(card.data) ? card.data : card;
}

/** Keeps the zip's other files up to {@link MAX_CHARX_KEPT_BYTES} in all, in archive order; says which were dropped. */
function keepFiles(entries: readonly ZipEntryInfo[], files: Map<string, Uint8Array>, warnings: Message[]): PackedFile[] {
  const kept: PackedFile[] = [];
  const dropped: string[] = [];
  let used = 0;
  let droppedBytes = 0;
  for (const entry of entries) {
    const bytes = files.get(entry.name);
    if (!bytes) continue;
    if (used + bytes.length > MAX_CHARX_KEPT_BYTES) {
      dropped.push(entry.name);
      droppedBytes += bytes.length;
      continue;
    }
    used += bytes.length;
    kept.push({ path: entry.name, bytes });
  }
  if (dropped.length > 0) {
    const paths = dropped.slice(0, 5).join(', ') + (dropped.length > 5 ? ', …' : '');
    warnings.push(msg('charx.warning.filesDropped', { count: dropped.length, size: megabytes(droppedBytes), max: megabytes(MAX_CHARX_KEPT_BYTES), paths }));
  }
  return kept;
}

/**
 * Reads a CHARX card into a persona for review (nothing stored): `card.json` through the
 * card importer, the main icon as the avatar (its bytes as they were), and every other file
 * kept in the persona's card origin so an export writes it back.
 * @throws {ValidationError} `invalid` (not a zip, a damaged entry), `zip-bomb` (too many files,
 *   too large unpacked, an entry compressed beyond any real file), `unsafe-path` (`..`, an absolute
 *   path, a backslash), `duplicate-entry`, `encrypted`, `unsupported` (another compression method),
 *   `no-card` (no `card.json` at the root), and every error of the card JSON itself.
 */
export function readCharx(bytes: Uint8Array, fallbackName: string, zip: ZipCodec): CardImport {
  const entries = zip.list(bytes);
  checkListing(entries);
  const fileEntries = entries.filter((e) => !e.name.endsWith('/'));
  const files = extractChecked(zip, bytes, fileEntries);
  const card = parseCardJson(decodeUtf8(files.get(CARD_JSON) ?? new Uint8Array()));
  const result = cardToPersona(card, fallbackName);
  const warnings = [...result.warnings];
  const persona = result.persona;

  const refs = assetRefs(cardData(card));
  const icon = refs[mainIconIndex(refs)];
  const iconPath = embeddedPath(icon?.uri);
  const iconBytes = iconPath === undefined ? undefined : files.get(iconPath);
  const iconType = iconBytes && imageType(iconBytes);
  if (iconPath !== undefined && !iconBytes) warnings.push(msg('charx.warning.iconMissing', { path: iconPath }));
  else if (iconBytes && !iconType) warnings.push(msg('charx.warning.iconNotImage', { path: iconPath ?? '' }));
  const avatarPath = iconBytes && iconType ? iconPath : undefined;
  if (iconBytes && iconType) persona.avatar = { mime: iconType.mime, bytes: iconBytes };

  const others = fileEntries.filter((e) => e.name !== CARD_JSON && e.name !== avatarPath);
  const packedFiles = keepFiles(others, files, warnings);
  if (persona.card) {
    if (avatarPath !== undefined) persona.card.iconPath = avatarPath;
    if (packedFiles.length > 0) persona.card.packedFiles = packedFiles;
  }
  return { persona, warnings };
}

/**
 * The card's `assets` list with the main icon pointing at the avatar's file (`path`, `ext`),
 * or, without an avatar, with embedded main icons replaced by `ccdefault:`; undefined when the
 * card had no list and has no avatar either.
 */
function assetsFor(existing: unknown, avatar: { path: string; ext: string } | undefined): unknown[] | undefined {
  const list = Array.isArray(existing) ? [...(existing as unknown[])] : [];
  const refs = list.map((item) => (isRecord(item) ? (item as AssetRef) : {}));
  const index = mainIconIndex(refs);
  const current = index >= 0 ? list[index] : undefined;
  if (avatar) {
    const entry = { type: 'icon', uri: `embeded://${avatar.path}`, name: 'main', ext: avatar.ext };
    const same = isRecord(current) && current.uri === entry.uri && typeof current.ext === 'string';
    if (same) return list;
    if (index >= 0) list[index] = { ...(isRecord(current) ? current : {}), ...entry };
    else list.unshift(entry);
    return list;
  }
  if (!Array.isArray(existing)) return undefined;
  if (index >= 0 && isRecord(current) && embeddedPath(current.uri as string | undefined) !== undefined) {
    list[index] = { ...current, uri: 'ccdefault:' };
  }
  return list;
}

/** Where the avatar goes in the zip: back where it came from when the type still matches, else `assets/icon/images/main.<ext>`. */
function avatarFile(persona: PersonaInit): { path: string; ext: string; bytes: Uint8Array } | undefined {
  const avatar = persona.avatar;
  if (!avatar) return undefined;
  const type = imageType(avatar.bytes);
  const ext = type?.ext ?? avatar.mime.replace(/^image\//, '').replace(/[^a-z0-9]/gi, '');
  const from = persona.card?.iconPath;
  const mime = type?.mime ?? avatar.mime;
  if (from !== undefined && mimeOfExtension(from) === mime) {
    return { path: from, ext: /\.([a-z0-9]+)$/i.exec(from)?.[1]?.toLowerCase() ?? ext, bytes: avatar.bytes };
  }
  return { path: `assets/icon/images/main.${ext || 'png'}`, ext: ext || 'png', bytes: avatar.bytes };
}

/**
 * The persona as a CHARX card: `card.json` (Character Card V3), the avatar as the main icon
 * (its original bytes, back at its original path when it came from a CHARX card), and the
 * files a CHARX import kept, at their paths.
 */
export function exportCharx(persona: PersonaInit, zip: ZipCodec, options: CardExportOptions = {}): Uint8Array {
  const card = personaToCardV3(persona, options);
  const data = card.data as JsonObject;
  const avatar = avatarFile(persona);
  const assets = assetsFor(data.assets, avatar);
  if (assets === undefined) delete data.assets;
  else data.assets = assets;
  const files: ZipFile[] = [{ name: CARD_JSON, bytes: new TextEncoder().encode(JSON.stringify(card, null, 2)), compress: true }];
  if (avatar) files.push({ name: avatar.path, bytes: avatar.bytes, compress: !PRECOMPRESSED.test(avatar.path) });
  const taken = new Set(files.map((f) => f.name));
  for (const file of persona.card?.packedFiles ?? []) {
    if (taken.has(file.path)) continue;
    taken.add(file.path);
    files.push({ name: file.path, bytes: file.bytes, compress: !PRECOMPRESSED.test(file.path) });
  }
  return zip.create(files);
}
