import { jsonDepth, MAX_JSON_DEPTH, readLoreBook } from '../cards/index.ts';
import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { isRecord } from '../llm-output.ts';
import { agnaiWildcardWarning, readAgnaiMemoryBook, type AgnaiNotes } from './agnai-memory-book.ts';
import { readObject, readOptionalBoolean, readOptionalNumber, readText, unknownFields, type JsonObject } from './book-fields.ts';
import { readRisuLorebook, risuFolderWarning, type RisuNotes } from './risuai-lorebook.ts';
import { examplePositionWarning, readWorldInfo, writeWorldInfo, type ReadNotes } from './sillytavern-world-info.ts';
import { MAX_BOOK_ENTRIES, type WorldBook, type WorldBookInit } from './world-book.ts';

/**
 * World book files: telling a book from other JSON, importing each format EGOS reads, and the
 * export. Formats read: SillyTavern World Info (`entries` keyed by uid), the lore book of the
 * character card spec (`entries` as a list, alone or as `{ spec: "lorebook_v3", data }`),
 * RisuAI lorebooks and modules, Agnai memory books. The export is SillyTavern World Info.
 * Pure: nothing is stored; a file that is not a book, or is damaged, is refused with the reason.
 */

/** Largest world book file EGOS reads (20 MB). */
export const MAX_BOOK_BYTES = 20 * 1024 * 1024;

/** The format a book file was in. */
export type BookFormat = 'sillytavern' | 'card' | 'risuai' | 'agnai';

/** A book read from a file, ready to be stored. */
export interface BookImport {
  book: WorldBookInit;
  format: BookFormat;
  /** What the user should know about the import (shown in the interface language). */
  warnings: Message[];
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

function hasPngSignature(bytes: Uint8Array): boolean {
  return [0x89, 0x50, 0x4e, 0x47].every((b, i) => bytes[i] === b);
}

function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ValidationError('binary', msg('book.error.notText'), { cause });
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? ` (${cause.message.slice(0, 120)})` : '';
    throw new ValidationError('bad-json', msg('book.error.notJson', { detail }), { cause });
  }
}

/** Fields only a character card has. */
function looksLikeCard(root: JsonObject): boolean {
  return isRecord(root.data) || ['first_mes', 'mes_example', 'personality', 'char_name', 'char_persona'].some((key) => typeof root[key] === 'string');
}

/** A parsed book file: its format and the object holding the book. */
interface Classified {
  format: BookFormat;
  root: JsonObject;
  /** Where the book sits in the file (for error messages): `data` in a `lorebook_v3` wrapper, else the top. */
  path: string;
}

/**
 * Which book format a parsed JSON value is in.
 * @throws {ValidationError} `wrong-type` when it is not an object, `unsupported` when it is a
 *   character card, an EGOS backup or JSON of another kind (each named).
 */
function classify(value: unknown): Classified {
  if (!isRecord(value)) throw new ValidationError('wrong-type', msg('book.error.notObject'));
  if (value.format === 'egos-backup') throw new ValidationError('unsupported', msg('book.error.isBackup'));
  const spec = value.spec;
  if (typeof spec === 'string' && /^lorebook/i.test(spec)) return { format: 'card', root: readObject(value.data, 'data'), path: 'data' };
  if (typeof spec === 'string' && /^chara_card/i.test(spec)) throw new ValidationError('unsupported', msg('book.error.isCard'));
  if (typeof spec === 'string') throw new ValidationError('unsupported', msg('book.error.unknownSpec', { format: spec.slice(0, 40) }));
  if (value.type === 'risu' || value.type === 'risuModule') return { format: 'risuai', root: value, path: '' };
  if (value.kind === 'memory') return { format: 'agnai', root: value, path: '' };
  if (looksLikeCard(value)) throw new ValidationError('unsupported', msg('book.error.isCard'));
  if (Array.isArray(value.entries)) return { format: 'card', root: value, path: '' };
  if (isRecord(value.entries)) return { format: 'sillytavern', root: value, path: '' };
  throw new ValidationError('unsupported', msg('book.error.unknownFormat'));
}

function readJsonFile(bytes: Uint8Array): unknown {
  if (bytes.length === 0) throw new ValidationError('empty', msg('book.error.empty'));
  if (bytes.length > MAX_BOOK_BYTES) {
    throw new ValidationError('too-large', msg('book.error.tooLarge', { size: megabytes(bytes.length), max: megabytes(MAX_BOOK_BYTES) }));
  }
  if (hasPngSignature(bytes)) throw new ValidationError('unsupported', msg('book.error.image'));
  const text = decodeText(bytes);
  if (text.trim() === '') throw new ValidationError('empty', msg('book.error.empty'));
  const value = parseJson(text);
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) throw new ValidationError('unsupported', msg('book.error.tooDeep', { depth: MAX_JSON_DEPTH }));
  return value;
}

/**
 * True when `bytes` hold a world book in a format EGOS reads (not a character card): the
 * persona list's "Import card" imports such a file as a book.
 */
export function isBookFile(bytes: Uint8Array): boolean {
  try {
    classify(readJsonFile(bytes));
    return true;
  } catch (error) {
    if (error instanceof ValidationError) return false;
    throw error;
  }
}

/** A card lore book's errors name the book's field, not a card's. */
function asBookError(error: unknown): unknown {
  if (!(error instanceof ValidationError) || error.text.key !== 'card.field.wrongType') return error;
  const params = error.text.params ?? {};
  const path = String(params.path ?? '').replace(/^\./, '');
  return new ValidationError(error.code, { key: 'book.field.wrongType', params: { ...params, path } }, { cause: error });
}

/** The lore book of the character card spec (a `character_book` on its own). */
function readCardBook(root: JsonObject, path: string, fallbackName: string): WorldBookInit {
  let read: ReturnType<typeof readLoreBook>;
  try {
    read = readLoreBook(root, path);
  } catch (error) {
    throw asBookError(error);
  }
  const rest = read.bookExtra ?? {};
  const book: WorldBookInit = {
    name: readText(rest, 'name', 'name').trim() || fallbackName,
    description: readText(rest, 'description', 'description'),
    entries: read.lore,
    extra: unknownFields(rest, new Set(['name', 'description', 'scan_depth', 'recursive_scanning'])),
  };
  const scanDepth = readOptionalNumber(rest, 'scan_depth', 'scan_depth');
  if (scanDepth !== undefined) book.scanDepth = scanDepth;
  if (readOptionalBoolean(rest, 'recursive_scanning', 'recursive_scanning') === false) book.recursionSteps = 0;
  return book;
}

function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base
    .replace(/\.[^.]*$/, '')
    .replace(/\.world$/i, '')
    .trim()
    .slice(0, 120);
}

function readBook(bytes: Uint8Array, fileName: string): BookImport {
  const { format, root, path } = classify(readJsonFile(bytes));
  const fallbackName = stem(fileName) || 'World book';
  const warnings: Array<Message | undefined> = [];
  let book: WorldBookInit;
  if (format === 'sillytavern') {
    const notes: ReadNotes = { examplePositions: 0 };
    book = readWorldInfo(root, fallbackName, notes);
    warnings.push(examplePositionWarning(notes));
  } else if (format === 'risuai') {
    const notes: RisuNotes = { folders: 0 };
    book = readRisuLorebook(root, fallbackName, notes);
    warnings.push(risuFolderWarning(notes));
  } else if (format === 'agnai') {
    const notes: AgnaiNotes = { wildcards: 0 };
    book = readAgnaiMemoryBook(root, fallbackName, notes);
    warnings.push(agnaiWildcardWarning(notes));
  } else {
    book = readCardBook(root, path, fallbackName);
  }
  const count = book.entries?.length ?? 0;
  if (count > MAX_BOOK_ENTRIES) throw new ValidationError('too-large', msg('book.error.tooManyEntries', { count, max: MAX_BOOK_ENTRIES }));
  book.name = [...book.name].slice(0, 120).join('');
  return { book, format, warnings: warnings.filter((w): w is Message => w !== undefined) };
}

/**
 * Reads a world book file (detected by content, not by name) into a book to store. Pure.
 * Any error's message starts with the file name and says what to do.
 * @throws {ValidationError} `empty`, `too-large` (over 20 MB or too many entries), `binary`,
 *   `bad-json`, `wrong-type` (naming the field) or `unsupported` (a card, a backup, an image,
 *   JSON of another kind).
 */
export function importBook(bytes: Uint8Array, fileName: string): BookImport {
  try {
    return readBook(bytes, fileName);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const name = fileName.trim().slice(0, 120);
    throw new ValidationError(error.code, name === '' ? error.text : msg('book.error.inFile', { file: name, error: error.text }), { cause: error });
  }
}

/** The book as the text of a SillyTavern World Info file. */
export function exportBookJson(book: WorldBook): string {
  return JSON.stringify(writeWorldInfo(book), null, 2);
}

/** A download name from the book's name: letters (any script), digits, spaces and dashes. */
export function bookFileName(name: string): string {
  const base = name
    .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${base || 'world-book'}.json`;
}
