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
import type { WorldBookInit } from './world-book.ts';

/**
 * RisuAI's lorebook export, `{ "type": "risu", "ver": 1, "data": [ … ] }` (and the `lorebook`
 * list of a RisuAI module, `{ "type": "risuModule", … }`), read into a book. An entry has `key`
 * and `secondkey` (comma-separated text; with `useRegex` each key is a `/regex/flags`, kept as
 * written), `insertorder`, `comment`, `content`, `mode`, `alwaysActive`, `selective`,
 * `extentions.risu_case_sensitive` (RisuAI's spelling), `activationPercent`. Folder rows
 * (`mode: "folder"`) are not entries: they are kept in the book's `extra.risuFolders`.
 * Decorators at the top of the content (`@@depth 4`, `@@scan_depth 3`, `@@probability 50`,
 * `@@end`, `@@unrecursive`, `@@no_recursive_search`, `@@match_full_word`,
 * `@@match_partial_word`) become the entry's settings; others stay in `extra.risuDecorators`.
 * Either way they are taken out of the content, so they never reach the model.
 */

const ENTRY_FIELDS: ReadonlySet<string> = new Set([
  'key',
  'secondkey',
  'insertorder',
  'comment',
  'content',
  'alwaysActive',
  'selective',
  'activationPercent',
  'id',
  'loreCache',
]);

const BOOK_FIELDS: ReadonlySet<string> = new Set(['type', 'ver', 'data', 'lorebook', 'name', 'description']);

/** Applies one decorator line to the entry; false when EGOS has no setting for it. */
function applyDecorator(entry: LoreEntry, name: string, arg: string): boolean {
  const number = Number.parseInt(arg, 10);
  switch (name) {
    case 'depth':
      if (Number.isNaN(number)) return false;
      entry.position = 'at-depth';
      entry.depth = number;
      return true;
    case 'end':
      entry.position = 'at-depth';
      entry.depth = 0;
      return true;
    case 'scan_depth':
      if (Number.isNaN(number)) return false;
      entry.scanDepth = number;
      return true;
    case 'probability':
      if (Number.isNaN(number)) return false;
      entry.probability = number;
      return true;
    case 'unrecursive':
      entry.preventRecursion = true;
      return true;
    case 'no_recursive_search':
      entry.excludeRecursion = true;
      return true;
    case 'match_full_word':
      entry.wholeWords = true;
      return true;
    case 'match_partial_word':
      entry.wholeWords = false;
      return true;
    default:
      return false;
  }
}

/** Takes the decorator lines off the top of the content, applying those EGOS knows. */
function readDecorators(entry: LoreEntry): void {
  const lines = entry.content.split(/\r?\n/);
  const kept: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const match = /^@@(\w+)\s*(.*)$/.exec(lines[i]?.trim() ?? '');
    if (!match) break;
    if (!applyDecorator(entry, match[1] ?? '', match[2] ?? '')) kept.push(lines[i]?.trim() ?? '');
  }
  if (i === 0) return;
  entry.content = lines.slice(i).join('\n');
  if (kept.length > 0) entry.extra.risuDecorators = kept;
}

function readEntry(obj: JsonObject, path: string, used: Set<string>): LoreEntry {
  const at = (key: string) => `${path}.${key}`;
  const entry: LoreEntry = {
    id: uniqueEntryId(obj.id, used, () => newId()),
    keys: readKeys(obj, 'key', at('key')),
    secondaryKeys: readKeys(obj, 'secondkey', at('secondkey')),
    selective: readOptionalBoolean(obj, 'selective', at('selective')) ?? false,
    content: readText(obj, 'content', at('content')),
    enabled: true,
    constant: (readOptionalBoolean(obj, 'alwaysActive', at('alwaysActive')) ?? false) || obj.mode === 'constant',
    caseSensitive: false,
    insertionOrder: readOptionalNumber(obj, 'insertorder', at('insertorder')) ?? 100,
    extra: unknownFields(obj, ENTRY_FIELDS),
  };
  const ext = obj.extentions;
  if (ext !== undefined && ext !== null) {
    const sensitive = readOptionalBoolean(readObject(ext, at('extentions')), 'risu_case_sensitive', at('extentions.risu_case_sensitive'));
    entry.caseSensitive = sensitive ?? false;
  }
  const comment = readText(obj, 'comment', at('comment'));
  if (comment !== '') entry.comment = comment;
  if (entry.secondaryKeys.length > 0) entry.secondaryLogic = 'and-any';
  const percent = readOptionalNumber(obj, 'activationPercent', at('activationPercent'));
  if (percent !== undefined) entry.probability = percent;
  readDecorators(entry);
  return entry;
}

/** What the user should know about a RisuAI import. */
export interface RisuNotes {
  folders: number;
}

/**
 * Reads a RisuAI lorebook (or the lorebook of a RisuAI module) into a book.
 * @throws {ValidationError} `wrong-type` naming the first field of the wrong type.
 */
export function readRisuLorebook(root: JsonObject, fallbackName: string, notes: RisuNotes): WorldBookInit {
  const listKey = root.type === 'risuModule' ? 'lorebook' : 'data';
  const list = root[listKey] ?? [];
  if (!Array.isArray(list)) throw bookWrongType(listKey, msg('card.expected.list'), list);
  const used = new Set<string>();
  const entries: LoreEntry[] = [];
  const folders: JsonObject[] = [];
  list.forEach((raw: unknown, i) => {
    const obj = readObject(raw, `${listKey}[${i}]`);
    if (obj.mode === 'folder') folders.push(obj);
    else entries.push(readEntry(obj, `${listKey}[${i}]`, used));
  });
  notes.folders += folders.length;
  const extra = unknownFields(root, BOOK_FIELDS);
  if (folders.length > 0) extra.risuFolders = folders;
  return {
    name: readText(root, 'name', 'name').trim() || fallbackName,
    description: readText(root, 'description', 'description'),
    entries,
    extra,
  };
}

/** The note about RisuAI folders, or undefined when there were none. */
export function risuFolderWarning(notes: RisuNotes): Message | undefined {
  return notes.folders > 0 ? msg('book.warning.risuFolders', { count: notes.folders }) : undefined;
}
