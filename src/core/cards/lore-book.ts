import { isRecord } from '../llm-output.ts';
import { msg } from '../i18n/message.ts';
import { newId } from '../ids.ts';
import type { LoreEntry } from '../persona/index.ts';
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
]);

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

function readEntry(raw: unknown, path: string, used: Set<string>): LoreEntry {
  if (!isRecord(raw)) throw wrongType(path, msg('card.expected.object'), raw);
  const extra = withoutDefaults(pickUnknown(raw, ENTRY_FIELDS));
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
 * Unknown entry fields go to `extra`, the book's own fields (name, scan_depth, …) to `bookExtra`.
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
    extensions: {},
    use_regex: false,
    ...entry.extra,
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
