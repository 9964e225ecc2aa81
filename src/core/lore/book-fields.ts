import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { describeJsonType, type JsonObject } from '../cards/index.ts';
import { isRecord } from '../llm-output.ts';

/**
 * Reading the fields of a world book file (any of the formats EGOS imports): each reader checks
 * the JSON type and names the field when it is wrong. Missing and null both mean "not given".
 */

export type { JsonObject };

/** The `wrong-type` error for the book's field at `path`, which should be `expected` (a `card.expected.*` message). */
export function bookWrongType(path: string, expected: Message, value: unknown): ValidationError {
  return new ValidationError('wrong-type', msg('book.field.wrongType', { path, expected, actual: describeJsonType(value) }));
}

function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** An object at `path`. @throws {ValidationError} `wrong-type` otherwise. */
export function readObject(value: unknown, path: string): JsonObject {
  if (!isRecord(value)) throw bookWrongType(path, msg('card.expected.object'), value);
  return value;
}

/** Optional text (missing gives `fallback`). @throws {ValidationError} `wrong-type` when present and not text. */
export function readText(obj: JsonObject, key: string, path: string, fallback = ''): string {
  const value = obj[key];
  if (absent(value)) return fallback;
  if (typeof value !== 'string') throw bookWrongType(path, msg('card.expected.text'), value);
  return value;
}

/** Optional true/false (missing gives undefined). @throws {ValidationError} `wrong-type` when present and not a boolean. */
export function readOptionalBoolean(obj: JsonObject, key: string, path: string): boolean | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'boolean') throw bookWrongType(path, msg('card.expected.boolean'), value);
  return value;
}

/** Optional finite number (missing gives undefined). @throws {ValidationError} `wrong-type` when present and not a finite number. */
export function readOptionalNumber(obj: JsonObject, key: string, path: string): number | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bookWrongType(path, msg('card.expected.number'), value);
  return value;
}

/**
 * Keys: a list of text, or (seen in the wild, and RisuAI's own form) one comma-separated text.
 * Keys are kept as written (a `/regex/flags` key stays one key); blanks are dropped.
 * @throws {ValidationError} `wrong-type` when it is neither.
 */
export function readKeys(obj: JsonObject, key: string, path: string): string[] {
  const value = obj[key];
  if (absent(value)) return [];
  if (typeof value === 'string') return splitKeys(value);
  if (!Array.isArray(value)) throw bookWrongType(path, msg('card.expected.textList'), value);
  return value
    .map((item: unknown, i) => {
      if (typeof item !== 'string') throw bookWrongType(`${path}[${i}]`, msg('card.expected.text'), item);
      return item;
    })
    .filter((k) => k.trim() !== '');
}

/** The keys of a comma-separated text; a `/regex/` key is kept whole even when it holds a comma. */
function splitKeys(text: string): string[] {
  const trimmed = text.trim();
  if (/^\/.+\/[a-z]*$/s.test(trimmed)) return [trimmed];
  return text
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');
}

/** Picks a unique entry id from a file's id (text or number); a missing or repeated one gets `fresh()`. */
export function uniqueEntryId(raw: unknown, used: Set<string>, fresh: () => string): string {
  const candidate = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : '';
  const id = candidate !== '' && candidate.length <= 200 && !used.has(candidate) ? candidate : fresh();
  used.add(id);
  return id;
}

/** The entries of `obj` whose keys are not in `known` (a new object, safe for `__proto__`). */
export function unknownFields(obj: JsonObject, known: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([key]) => !known.has(key)));
}
