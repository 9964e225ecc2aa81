import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** Plain-words name of a JSON value's type, for error messages. */
export function describeJsonType(value: unknown): Message {
  if (value === null) return msg('card.jsonType.null');
  if (Array.isArray(value)) return msg('card.jsonType.list');
  switch (typeof value) {
    case 'string':
      return msg('card.jsonType.text');
    case 'number':
      return msg('card.jsonType.number');
    case 'boolean':
      return msg('card.jsonType.boolean');
    case 'object':
      return msg('card.jsonType.object');
    default:
      return msg('card.jsonType.unknown', { type: typeof value });
  }
}

/** The `wrong-type` error for the field at `path`, which should be `expected` (a `card.expected.*` message). */
export function wrongType(path: string, expected: Message, value: unknown): ValidationError {
  return new ValidationError('wrong-type', msg('card.field.wrongType', { path, expected, actual: describeJsonType(value) }));
}

/** Missing and null both count as "not given". */
function absent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/**
 * Reads an optional text field (missing or null gives `fallback`).
 * @throws {ValidationError} `wrong-type` when present and not a string.
 */
export function readString(obj: JsonObject, key: string, path: string, fallback = ''): string {
  const value = obj[key];
  if (absent(value)) return fallback;
  if (typeof value !== 'string') throw wrongType(path, msg('card.expected.text'), value);
  return value;
}

/**
 * Reads an optional string field, keeping "not given" as undefined.
 * @throws {ValidationError} `wrong-type` when present and not a string.
 */
export function readOptionalString(obj: JsonObject, key: string, path: string): string | undefined {
  return absent(obj[key]) ? undefined : readString(obj, key, path);
}

/**
 * Reads an optional list of strings (missing or null gives `[]`).
 * @throws {ValidationError} `wrong-type` when it is not a list or an item is not a string.
 */
export function readStringList(obj: JsonObject, key: string, path: string): string[] {
  const value = obj[key];
  if (absent(value)) return [];
  if (!Array.isArray(value)) throw wrongType(path, msg('card.expected.textList'), value);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw wrongType(`${path}[${i}]`, msg('card.expected.text'), item);
    return item;
  });
}

/**
 * Reads an optional true/false field.
 * @throws {ValidationError} `wrong-type` when present and not a boolean.
 */
export function readBoolean(obj: JsonObject, key: string, path: string, fallback: boolean): boolean {
  const value = obj[key];
  if (absent(value)) return fallback;
  if (typeof value !== 'boolean') throw wrongType(path, msg('card.expected.boolean'), value);
  return value;
}

/**
 * Reads an optional finite number, keeping "not given" as undefined.
 * @throws {ValidationError} `wrong-type` when present and not a finite number.
 */
export function readOptionalNumber(obj: JsonObject, key: string, path: string): number | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(path, msg('card.expected.number'), value);
  return value;
}

/**
 * Reads an optional object field (missing or null gives undefined).
 * @throws {ValidationError} `wrong-type` when present and not an object.
 */
export function readOptionalObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (!isRecord(value)) throw wrongType(path, msg('card.expected.object'), value);
  return value;
}

/** The entries of `obj` whose keys are not in `known`, as a new object (safe for `__proto__`). */
export function pickUnknown(obj: JsonObject, known: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([key]) => !known.has(key)));
}
