import { newId } from '../ids.ts';
import { msg, type Message } from '../i18n/message.ts';
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
import { logicOfNumber, positionOfNumber, type WorldBookInit } from './world-book.ts';

/**
 * Agnai's memory book export, `{ "kind": "memory", "name", "description", "entries": [ { "name",
 * "entry", "keywords", "priority", "weight", "enabled" } ] }` (Agnai's memory guide), with the
 * fields Agnai keeps when it converted a SillyTavern book (`comment`, `constant`, `position`,
 * `probability`/`useProbability`, `excludeRecursion`, `secondaryKeys`, `selective`,
 * `selectiveLogic`) and the book's `scanDepth` and `recursiveScanning`. `entry` is the content,
 * `name` the entry's title (EGOS's comment), `weight` the order in the prompt (higher goes
 * later, like SillyTavern's order), `priority` what a full budget keeps first. Keywords with
 * Agnai's `*` and `?` wildcards are kept as written (EGOS matches them literally).
 */

const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'entry',
  'keywords',
  'priority',
  'weight',
  'enabled',
  'id',
  'comment',
  'secondaryKeys',
  'constant',
  'position',
  'probability',
  'useProbability',
  'excludeRecursion',
  'selective',
  'selectiveLogic',
]);

/** Agnai's own record fields (its database id and owner) are dropped; other unknown book fields are kept. */
const BOOK_FIELDS: ReadonlySet<string> = new Set(['kind', 'name', 'description', 'entries', 'scanDepth', 'recursiveScanning', '_id', 'userId']);

function readEntry(raw: unknown, path: string, used: Set<string>, notes: AgnaiNotes): LoreEntry {
  const obj = readObject(raw, path);
  const at = (key: string) => `${path}.${key}`;
  const entry: LoreEntry = {
    id: uniqueEntryId(obj.id, used, () => newId()),
    keys: readKeys(obj, 'keywords', at('keywords')),
    secondaryKeys: readKeys(obj, 'secondaryKeys', at('secondaryKeys')),
    selective: readOptionalBoolean(obj, 'selective', at('selective')) ?? false,
    content: readText(obj, 'entry', at('entry')),
    enabled: readOptionalBoolean(obj, 'enabled', at('enabled')) ?? true,
    constant: readOptionalBoolean(obj, 'constant', at('constant')) ?? false,
    caseSensitive: false,
    insertionOrder: readOptionalNumber(obj, 'weight', at('weight')) ?? 0,
    extra: unknownFields(obj, ENTRY_FIELDS),
  };
  if (entry.keys.some((k) => /[*?]/.test(k))) notes.wildcards++;
  const priority = readOptionalNumber(obj, 'priority', at('priority'));
  if (priority !== undefined) entry.priority = priority;
  const name = readText(obj, 'name', at('name'));
  const comment = readText(obj, 'comment', at('comment'));
  if (comment !== '' && name !== '') entry.extra.name = name;
  if (comment !== '' || name !== '') entry.comment = comment || name;
  const position = obj.position;
  if (position === 'before_char') entry.position = 'before-character';
  else if (position === 'after_char') entry.position = 'after-character';
  else if (positionOfNumber(position) !== undefined) entry.position = positionOfNumber(position);
  else if (position !== undefined && position !== null) entry.extra.position = position;
  const probability = readOptionalNumber(obj, 'probability', at('probability'));
  if (probability !== undefined && readOptionalBoolean(obj, 'useProbability', at('useProbability')) !== false) entry.probability = probability;
  if (readOptionalBoolean(obj, 'excludeRecursion', at('excludeRecursion'))) entry.excludeRecursion = true;
  const logic = logicOfNumber(readOptionalNumber(obj, 'selectiveLogic', at('selectiveLogic')));
  if (logic !== undefined) entry.secondaryLogic = logic;
  return entry;
}

/** What the user should know about an Agnai import. */
export interface AgnaiNotes {
  /** Entries with `*` or `?` in a keyword. */
  wildcards: number;
}

/**
 * Reads an Agnai memory book into a book.
 * @throws {ValidationError} `wrong-type` naming the first field of the wrong type.
 */
export function readAgnaiMemoryBook(root: JsonObject, fallbackName: string, notes: AgnaiNotes): WorldBookInit {
  const list = root.entries ?? [];
  if (!Array.isArray(list)) throw bookWrongType('entries', msg('card.expected.list'), list);
  const used = new Set<string>();
  const book: WorldBookInit = {
    name: readText(root, 'name', 'name').trim() || fallbackName,
    description: readText(root, 'description', 'description'),
    entries: list.map((raw: unknown, i) => readEntry(raw, `entries[${i}]`, used, notes)),
    extra: unknownFields(root, BOOK_FIELDS),
  };
  const scanDepth = readOptionalNumber(root, 'scanDepth', 'scanDepth');
  if (scanDepth !== undefined) book.scanDepth = scanDepth;
  if (readOptionalBoolean(root, 'recursiveScanning', 'recursiveScanning') === false) book.recursionSteps = 0;
  return book;
}

/** The note about Agnai wildcards, or undefined when no keyword has one. */
export function agnaiWildcardWarning(notes: AgnaiNotes): Message | undefined {
  return notes.wildcards > 0 ? msg('book.warning.agnaiWildcards', { count: notes.wildcards }) : undefined;
}
