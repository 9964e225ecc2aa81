import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';

/** A parsed JSON object. */
export type JsonObject = Record<string, unknown>;

/** Plain-words name of a JSON value's type, for error messages. */
export function describeJsonType(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true/false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** {@link describeJsonType} in Simplified Chinese. */
export function describeJsonTypeZh(value: unknown): string {
  if (value === null) return '空值（null）';
  if (Array.isArray(value)) return '列表';
  switch (typeof value) {
    case 'string':
      return '文本';
    case 'number':
      return '数字';
    case 'boolean':
      return 'true/false';
    case 'object':
      return '对象';
    default:
      return typeof value;
  }
}

/** The `wrong-type` error for the field at `path`; `expectedZh` is `expected` in Chinese. */
export function wrongType(path: string, expected: string, expectedZh: string, value: unknown): ValidationError {
  return new ValidationError(
    'wrong-type',
    `The card's field "${path}" should be ${expected} but is ${describeJsonType(value)}. Fix it in the card's editor or pick another file.`,
    { zh: `角色卡的字段“${path}”应为${expectedZh}，实际却是${describeJsonTypeZh(value)}。请在角色卡编辑器中修正，或选择其他文件。` },
  );
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
  if (typeof value !== 'string') throw wrongType(path, 'text', '文本', value);
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
  if (!Array.isArray(value)) throw wrongType(path, 'a list of text', '文本列表', value);
  return value.map((item: unknown, i) => {
    if (typeof item !== 'string') throw wrongType(`${path}[${i}]`, 'text', '文本', item);
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
  if (typeof value !== 'boolean') throw wrongType(path, 'true or false', 'true 或 false', value);
  return value;
}

/**
 * Reads an optional finite number, keeping "not given" as undefined.
 * @throws {ValidationError} `wrong-type` when present and not a finite number.
 */
export function readOptionalNumber(obj: JsonObject, key: string, path: string): number | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw wrongType(path, 'a number', '数字', value);
  return value;
}

/**
 * Reads an optional object field (missing or null gives undefined).
 * @throws {ValidationError} `wrong-type` when present and not an object.
 */
export function readOptionalObject(obj: JsonObject, key: string, path: string): JsonObject | undefined {
  const value = obj[key];
  if (absent(value)) return undefined;
  if (!isRecord(value)) throw wrongType(path, 'an object', '对象', value);
  return value;
}

/** The entries of `obj` whose keys are not in `known`, as a new object (safe for `__proto__`). */
export function pickUnknown(obj: JsonObject, known: ReadonlySet<string>): JsonObject {
  return Object.fromEntries(Object.entries(obj).filter(([key]) => !known.has(key)));
}
