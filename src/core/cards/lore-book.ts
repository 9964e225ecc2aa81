import { isRecord } from '../llm-output.ts';
import { msg } from '../i18n/message.ts';
import { newId } from '../ids.ts';
import { logicOfNumber, numberOfLogic, numberOfPosition, positionOfNumber } from '../lore/world-book.ts';
import type { LoreEntry, LorePosition } from '../persona/index.ts';
import { pickUnknown, readBoolean, readOptionalNumber, readOptionalString, readString, readStringList, wrongType, type JsonObject } from './json-fields.ts';

const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'keys',
  'secondary_keys',
  'selective',
  'content',
  'enabled',
  'constant',
  'case_sensitive',
  'insertion_order',
  'priority',
  'comment',
  'position',
]);

/** The spec's `position` values. */
const SPEC_POSITIONS: Readonly<Record<string, LorePosition>> = { before_char: 'before-character', after_char: 'after-character' };

/** The world-info settings of an entry, as SillyTavern writes them into a card entry's `extensions`. */
type WorldFields = Pick<
  LoreEntry,
  'position' | 'depth' | 'probability' | 'secondaryLogic' | 'excludeRecursion' | 'preventRecursion' | 'wholeWords' | 'scanDepth'
>;

/** SillyTavern's `extensions` keys of boolean and number settings, by LoreEntry field. */
const BOOLEAN_EXTENSIONS = { excludeRecursion: 'exclude_recursion', preventRecursion: 'prevent_recursion', wholeWords: 'match_whole_words' } as const;
const NUMBER_EXTENSIONS = { depth: 'depth', scanDepth: 'scan_depth' } as const;

/** The lore of a card: entries for the persona, plus the book's other fields verbatim. */
export interface LoreBook {
  lore: LoreEntry[];
  bookExtra: Record<string, unknown> | undefined;
}

function isEmptyObject(value: unknown): boolean {
  return isRecord(value) && Object.keys(value).length === 0;
}

/** Keys may be a list, or (seen in the wild) one comma-separated string. */
function readKeys(obj: JsonObject, key: string, path: string): string[] {
  const value = obj[key];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((k) => k.trim())
      .filter((k) => k !== '');
  return readStringList(obj, key, path);
}

/** Drops spec-required fields that hold their default; export writes them back. */
function withoutDefaults(extra: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(extra).filter(([key, value]) => !(key === 'extensions' && isEmptyObject(value)) && !(key === 'use_regex' && value === false)),
  );
}

/** Picks the entry's EGOS id; an id that cannot be used as-is stays in `extra.id` for export. */
function entryId(raw: unknown, used: Set<string>, extra: JsonObject): string {
  const candidate = typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : '';
  const usable = candidate !== '' && !used.has(candidate);
  const id = usable ? candidate : newId<string>();
  if (raw !== undefined && raw !== null && (typeof raw !== 'string' || !usable)) {
    Object.defineProperty(extra, 'id', { value: raw, enumerable: true, writable: true, configurable: true });
  }
  used.add(id);
  return id;
}

/**
 * Takes the world-info settings out of an entry's SillyTavern `extensions` (and the spec's
 * `position`) into LoreEntry fields; a value EGOS cannot represent (a null, a wrong type,
 * SillyTavern's example-message positions 5 and 6) stays where it was. `extra` is the entry's
 * unknown fields; its `extensions` is replaced by what is left of them.
 */
function liftWorldFields(raw: JsonObject, extra: JsonObject): WorldFields {
  const fields: WorldFields = {};
  const ext = isRecord(raw.extensions) ? { ...raw.extensions } : undefined;
  if (ext) {
    if (typeof ext.position === 'number') {
      fields.position = positionOfNumber(ext.position) ?? 'before-character';
      if (positionOfNumber(ext.position) !== undefined) delete ext.position;
    }
    for (const [field, key] of Object.entries(NUMBER_EXTENSIONS)) {
      const value = ext[key];
      if (typeof value === 'number' && Number.isFinite(value)) {
        fields[field as keyof typeof NUMBER_EXTENSIONS] = value;
        delete ext[key];
      }
    }
    if (typeof ext.probability === 'number' && Number.isFinite(ext.probability) && (ext.useProbability === true || ext.useProbability === undefined)) {
      fields.probability = ext.probability;
      delete ext.probability;
      delete ext.useProbability;
    }
    const logic = logicOfNumber(ext.selectiveLogic);
    if (logic !== undefined) {
      fields.secondaryLogic = logic;
      delete ext.selectiveLogic;
    }
    for (const [field, key] of Object.entries(BOOLEAN_EXTENSIONS)) {
      const value = ext[key];
      if (typeof value === 'boolean') {
        fields[field as keyof typeof BOOLEAN_EXTENSIONS] = value;
        delete ext[key];
      }
    }
    extra.extensions = ext;
  }
  const top = typeof raw.position === 'string' && Object.hasOwn(SPEC_POSITIONS, raw.position) ? SPEC_POSITIONS[raw.position] : undefined;
  if (top === undefined && raw.position !== undefined) extra.position = raw.position;
  fields.position ??= top;
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as WorldFields;
}

/** The entry's `extensions` with its world-info settings written back (SillyTavern's keys). */
function writeWorldFields(entry: LoreEntry): JsonObject {
  const ext: JsonObject = isRecord(entry.extra.extensions) ? { ...entry.extra.extensions } : {};
  const kept = ext.position;
  if (entry.position !== undefined && !(entry.position === 'before-character' && typeof kept === 'number' && positionOfNumber(kept) === undefined)) {
    ext.position = numberOfPosition(entry.position);
  }
  for (const [field, key] of Object.entries(NUMBER_EXTENSIONS)) {
    const value = entry[field as keyof typeof NUMBER_EXTENSIONS];
    if (value !== undefined) ext[key] = value;
  }
  if (entry.probability !== undefined) {
    ext.probability = entry.probability;
    ext.useProbability = true;
  }
  if (entry.secondaryLogic !== undefined) ext.selectiveLogic = numberOfLogic(entry.secondaryLogic);
  for (const [field, key] of Object.entries(BOOLEAN_EXTENSIONS)) {
    const value = entry[field as keyof typeof BOOLEAN_EXTENSIONS];
    if (value !== undefined) ext[key] = value;
  }
  return ext;
}

/** The spec's `position` of an entry ("before_char" or "after_char"), unless the entry kept another value of its own. */
function specPosition(entry: LoreEntry): JsonObject {
  if (entry.position === undefined || Object.hasOwn(entry.extra, 'position')) return {};
  return { position: entry.position === 'before-character' ? 'before_char' : 'after_char' };
}

function readEntry(raw: unknown, path: string, used: Set<string>): LoreEntry {
  if (!isRecord(raw)) throw wrongType(path, msg('card.expected.object'), raw);
  const unknown = pickUnknown(raw, ENTRY_FIELDS);
  const world = liftWorldFields(raw, unknown);
  const extra = withoutDefaults(unknown);
  const entry: LoreEntry = {
    id: entryId(raw.id, used, extra),
    keys: readKeys(raw, 'keys', `${path}.keys`),
    secondaryKeys: readKeys(raw, 'secondary_keys', `${path}.secondary_keys`),
    selective: readBoolean(raw, 'selective', `${path}.selective`, false),
    content: readString(raw, 'content', `${path}.content`),
    enabled: readBoolean(raw, 'enabled', `${path}.enabled`, true),
    constant: readBoolean(raw, 'constant', `${path}.constant`, false),
    caseSensitive: readBoolean(raw, 'case_sensitive', `${path}.case_sensitive`, false),
    insertionOrder: readOptionalNumber(raw, 'insertion_order', `${path}.insertion_order`) ?? 0,
    ...world,
    extra,
  };
  const priority = readOptionalNumber(raw, 'priority', `${path}.priority`);
  if (priority !== undefined) entry.priority = priority;
  const comment = readOptionalString(raw, 'comment', `${path}.comment`);
  if (comment !== undefined) entry.comment = comment;
  return entry;
}

/**
 * Maps a card's `character_book` (V2 or V3) to lore entries; missing or null gives no lore.
 * SillyTavern's settings in an entry's `extensions` (position, depth, probability, selectiveLogic,
 * exclude_recursion, prevent_recursion, match_whole_words, scan_depth) and the spec's `position`
 * become LoreEntry fields, and export writes them back there. Unknown entry fields go to
 * `extra`, the book's own fields (name, scan_depth, …) to `bookExtra`.
 * @throws {ValidationError} `wrong-type` naming the first field of the wrong type.
 */
export function readLoreBook(book: unknown, path: string): LoreBook {
  if (book === undefined || book === null) return { lore: [], bookExtra: undefined };
  if (!isRecord(book)) throw wrongType(path, msg('card.expected.object'), book);
  const entries = book.entries ?? [];
  if (!Array.isArray(entries)) throw wrongType(`${path}.entries`, msg('card.expected.list'), entries);
  const used = new Set<string>();
  const lore = entries.map((raw: unknown, i) => readEntry(raw, `${path}.entries[${i}]`, used));
  const rest = pickUnknown(book, new Set(['entries']));
  const bookExtra = isEmptyObject(rest.extensions) ? pickUnknown(rest, new Set(['extensions'])) : rest;
  return { lore, bookExtra: Object.keys(bookExtra).length > 0 ? bookExtra : undefined };
}

function writeEntry(entry: LoreEntry): JsonObject {
  return {
    id: entry.id,
    use_regex: false,
    ...entry.extra,
    extensions: writeWorldFields(entry),
    ...specPosition(entry),
    keys: [...entry.keys],
    secondary_keys: [...entry.secondaryKeys],
    selective: entry.selective,
    content: entry.content,
    enabled: entry.enabled,
    constant: entry.constant,
    case_sensitive: entry.caseSensitive,
    insertion_order: entry.insertionOrder,
    ...(entry.priority !== undefined ? { priority: entry.priority } : {}),
    ...(entry.comment !== undefined ? { comment: entry.comment } : {}),
  };
}

/** The `character_book` to export, or undefined when there is neither lore nor book data. */
export function writeLoreBook(lore: readonly LoreEntry[], bookExtra: Record<string, unknown> | undefined): JsonObject | undefined {
  if (lore.length === 0 && bookExtra === undefined) return undefined;
  return { extensions: {}, ...bookExtra, entries: lore.map(writeEntry) };
}
