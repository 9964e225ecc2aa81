import { newId } from '../ids.ts';
import { msg, type Message } from '../i18n/message.ts';
import { isRecord } from '../llm-output.ts';
import type { LoreEntry } from '../persona/index.ts';
import {
  bookWrongType,
  readKeys,
  readObject,
  readOptionalBoolean,
  readOptionalNumber,
  readText,
  uniqueEntryId,
  unknownFields,
  type JsonObject,
} from './book-fields.ts';
import { isExamplePosition, logicOfNumber, numberOfLogic, numberOfPosition, positionOfNumber, type WorldBook, type WorldBookInit } from './world-book.ts';

/**
 * SillyTavern's World Info file, read and written: `{ "entries": { "<uid>": { uid, key,
 * keysecondary, comment, content, constant, selective, selectiveLogic, order, position,
 * disable, probability, useProbability, depth, excludeRecursion, preventRecursion, scanDepth,
 * caseSensitive, matchWholeWords, … } } }`. Missing fields take SillyTavern's defaults;
 * case sensitivity is written as `true` or `null` (SillyTavern's "as the global setting", whose
 * default is off), a card's `priority` as `priority`;
 * fields EGOS does not use (group, role, sticky, cooldown, delay, displayIndex, …) stay in
 * the entry's `extra` and are written back. Positions 5 and 6 (SillyTavern's example-message
 * slots) have no place in EGOS: such an entry goes before the character, and its number is
 * kept (`extra.position`) and written back while the position is not changed (an unknown
 * number is treated the same way).
 */

/** Entry fields this module maps; every other field is kept in `extra`. */
const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'uid',
  'key',
  'keysecondary',
  'comment',
  'content',
  'constant',
  'selective',
  'selectiveLogic',
  'order',
  'position',
  'disable',
  'probability',
  'useProbability',
  'depth',
  'excludeRecursion',
  'preventRecursion',
  'scanDepth',
  'caseSensitive',
  'matchWholeWords',
  'priority',
]);

/** Book fields this module maps (SillyTavern writes only `entries`; the others come from card books and EGOS). */
const BOOK_FIELDS: ReadonlySet<string> = new Set(['entries', 'name', 'description', 'scan_depth', 'recursive_scanning', 'egos']);

/** SillyTavern's order of a new entry. */
const DEFAULT_ORDER = 100;

/** Notes for the user about an import (shown with the result). */
export interface ReadNotes {
  /** Entries SillyTavern placed among the example messages (positions 5 and 6). */
  examplePositions: number;
}

function readEntry(raw: unknown, key: string, used: Set<string>, notes: ReadNotes): LoreEntry {
  const path = `entries["${key.slice(0, 40)}"]`;
  const obj = readObject(raw, path);
  const extra = unknownFields(obj, ENTRY_FIELDS);
  const at = (key: string) => `${path}.${key}`;
  const entry: LoreEntry = {
    id: uniqueEntryId(obj.uid ?? key, used, () => newId()),
    keys: readKeys(obj, 'key', at('key')),
    secondaryKeys: readKeys(obj, 'keysecondary', at('keysecondary')),
    selective: readOptionalBoolean(obj, 'selective', at('selective')) ?? true,
    content: readText(obj, 'content', at('content')),
    enabled: !(readOptionalBoolean(obj, 'disable', at('disable')) ?? false),
    constant: readOptionalBoolean(obj, 'constant', at('constant')) ?? false,
    caseSensitive: readOptionalBoolean(obj, 'caseSensitive', at('caseSensitive')) ?? false,
    insertionOrder: readOptionalNumber(obj, 'order', at('order')) ?? DEFAULT_ORDER,
    extra,
  };
  const comment = readText(obj, 'comment', at('comment'));
  if (comment !== '') entry.comment = comment;
  const priority = readOptionalNumber(obj, 'priority', at('priority'));
  if (priority !== undefined) entry.priority = priority;

  const position = readOptionalNumber(obj, 'position', at('position')) ?? 0;
  entry.position = positionOfNumber(position) ?? 'before-character';
  if (positionOfNumber(position) === undefined) {
    extra.position = position;
    if (isExamplePosition(position)) notes.examplePositions++;
  }
  const logic = readOptionalNumber(obj, 'selectiveLogic', at('selectiveLogic'));
  if (logic !== undefined) {
    const mapped = logicOfNumber(logic);
    if (mapped) entry.secondaryLogic = mapped;
    else extra.selectiveLogic = logic;
  }
  const probability = readOptionalNumber(obj, 'probability', at('probability'));
  const useProbability = readOptionalBoolean(obj, 'useProbability', at('useProbability'));
  if (probability !== undefined && useProbability !== false) entry.probability = probability;
  else if (probability !== undefined && probability !== 100) extra.probability = probability;
  const depth = readOptionalNumber(obj, 'depth', at('depth'));
  if (depth !== undefined) entry.depth = depth;
  const scanDepth = readOptionalNumber(obj, 'scanDepth', at('scanDepth'));
  if (scanDepth !== undefined) entry.scanDepth = scanDepth;
  const wholeWords = readOptionalBoolean(obj, 'matchWholeWords', at('matchWholeWords'));
  if (wholeWords !== undefined) entry.wholeWords = wholeWords;
  if (readOptionalBoolean(obj, 'excludeRecursion', at('excludeRecursion'))) entry.excludeRecursion = true;
  if (readOptionalBoolean(obj, 'preventRecursion', at('preventRecursion'))) entry.preventRecursion = true;
  return entry;
}

/** EGOS's own book settings, written as `egos` so a round trip keeps them. */
function readEgosSettings(root: JsonObject, book: WorldBookInit): void {
  const egos = root.egos;
  if (!isRecord(egos)) return;
  const steps = readOptionalNumber(egos, 'recursionSteps', 'egos.recursionSteps');
  if (steps !== undefined) book.recursionSteps = steps;
  const budget = readOptionalNumber(egos, 'budgetPercent', 'egos.budgetPercent');
  if (budget !== undefined) book.budgetPercent = budget;
}

/**
 * Reads a SillyTavern World Info object (`entries` keyed by uid) into a book named `fallbackName`
 * unless the file names itself. `notes` counts what the user should be told.
 * @throws {ValidationError} `wrong-type` naming the first field of the wrong type.
 */
export function readWorldInfo(root: JsonObject, fallbackName: string, notes: ReadNotes): WorldBookInit {
  const entries = root.entries;
  if (!isRecord(entries)) throw bookWrongType('entries', msg('book.expected.entriesObject'), entries);
  const used = new Set<string>();
  const book: WorldBookInit = {
    name: readText(root, 'name', 'name').trim() || fallbackName,
    description: readText(root, 'description', 'description'),
    entries: Object.entries(entries).map(([key, raw]) => readEntry(raw, key, used, notes)),
    extra: unknownFields(root, BOOK_FIELDS),
  };
  const scanDepth = readOptionalNumber(root, 'scan_depth', 'scan_depth');
  if (scanDepth !== undefined) book.scanDepth = scanDepth;
  if (readOptionalBoolean(root, 'recursive_scanning', 'recursive_scanning') === false) book.recursionSteps = 0;
  readEgosSettings(root, book);
  return book;
}

/** SillyTavern's position number for an entry: its kept example-message slot while it still goes before the character. */
function positionNumber(entry: LoreEntry): number {
  const position = entry.position ?? 'after-character';
  const kept = entry.extra.position;
  if (position === 'before-character' && typeof kept === 'number' && positionOfNumber(kept) === undefined) return kept;
  return numberOfPosition(position);
}

function writeEntry(entry: LoreEntry, uid: number): JsonObject {
  const keptProbability = typeof entry.extra.probability === 'number' ? entry.extra.probability : 100;
  return {
    ...entry.extra,
    uid,
    key: [...entry.keys],
    keysecondary: [...entry.secondaryKeys],
    comment: entry.comment ?? '',
    content: entry.content,
    constant: entry.constant,
    selective: entry.selective,
    ...(entry.secondaryLogic !== undefined ? { selectiveLogic: numberOfLogic(entry.secondaryLogic) } : {}),
    order: entry.insertionOrder,
    position: positionNumber(entry),
    disable: !entry.enabled,
    probability: entry.probability ?? keptProbability,
    useProbability: entry.probability !== undefined,
    ...(entry.depth !== undefined ? { depth: entry.depth } : {}),
    excludeRecursion: entry.excludeRecursion === true,
    preventRecursion: entry.preventRecursion === true,
    scanDepth: entry.scanDepth ?? null,
    caseSensitive: entry.caseSensitive || null,
    matchWholeWords: entry.wholeWords ?? null,
    ...(entry.priority !== undefined ? { priority: entry.priority } : {}),
  };
}

/** The uid of each entry: its id when that is a whole number not used before, else the next free number. */
function uidsOf(entries: readonly LoreEntry[]): number[] {
  const numeric = entries.map((e) => (/^\d{1,9}$/.test(e.id) ? Number(e.id) : undefined));
  const taken = new Set<number>();
  const wanted = numeric.map((n) => (n !== undefined && !taken.has(n) ? (taken.add(n), n) : undefined));
  let next = 0;
  return wanted.map((n) => {
    if (n !== undefined) return n;
    while (taken.has(next)) next++;
    taken.add(next);
    return next;
  });
}

/**
 * The book as a SillyTavern World Info object: `entries` keyed by uid, every field SillyTavern
 * reads, the fields kept from the imported file, and the book's name, description and EGOS
 * settings (SillyTavern ignores those; EGOS reads them back).
 */
export function writeWorldInfo(book: WorldBook): JsonObject {
  const uids = uidsOf(book.entries);
  const entries: JsonObject = {};
  book.entries.forEach((entry, i) => {
    const uid = uids[i] ?? i;
    entries[String(uid)] = writeEntry(entry, uid);
  });
  const egos = {
    ...(book.recursionSteps !== undefined && book.recursionSteps !== 0 ? { recursionSteps: book.recursionSteps } : {}),
    ...(book.budgetPercent !== undefined ? { budgetPercent: book.budgetPercent } : {}),
  };
  return {
    ...book.extra,
    name: book.name,
    ...(book.description !== '' ? { description: book.description } : {}),
    ...(book.scanDepth !== undefined ? { scan_depth: book.scanDepth } : {}),
    ...(book.recursionSteps === 0 ? { recursive_scanning: false } : {}),
    ...(Object.keys(egos).length > 0 ? { egos } : {}),
    entries,
  };
}

/** The note about entries placed among the example messages, or undefined when there were none. */
export function examplePositionWarning(notes: ReadNotes): Message | undefined {
  return notes.examplePositions > 0 ? msg('book.warning.examplePositions', { count: notes.examplePositions }) : undefined;
}
