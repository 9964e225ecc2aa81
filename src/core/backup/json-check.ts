import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';
import { isMessage, msg, type Message, type MessageParam } from '../i18n/message.ts';

/** Checks an untrusted JSON value at `path` and returns it typed (or a cleaned copy). */
export type Check<T> = (value: unknown, path: string) => T;

/** Keys never copied from untrusted objects (prototype pollution). */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The error for a value of the wrong shape, naming where it is and what was expected (a
 * `backup.expected.*` message).
 * @throws never; returns the error to throw.
 */
export function damaged(path: string, expected: Message): ValidationError {
  return new ValidationError('invalid', msg('backup.error.damaged', { path, expected }));
}

/** Any string. @throws ValidationError otherwise. */
export const text: Check<string> = (value, path) => {
  if (typeof value !== 'string') throw damaged(path, msg('backup.expected.text'));
  return value;
};

/** A message of the app (a catalogue key and its values: text, numbers or messages), rebuilt from its checked parts. @throws ValidationError otherwise. */
export const said: Check<Message> = (value, path) => {
  if (!isMessage(value)) throw damaged(path, msg('backup.expected.message'));
  if (value.params === undefined) return { key: value.key };
  const params: Record<string, MessageParam> = {};
  for (const [name, param] of Object.entries(value.params)) {
    if (UNSAFE_KEYS.has(name)) continue;
    params[name] = typeof param === 'string' || typeof param === 'number' ? param : said(param, `${path}.params.${name}`);
  }
  return { key: value.key, params };
};

/** A non-empty string of at most 200 characters, used as a record key. @throws ValidationError otherwise. */
export const id: Check<string> = (value, path) => {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) throw damaged(path, msg('backup.expected.id'));
  return value;
};

/** A finite number. @throws ValidationError otherwise. */
export const finite: Check<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw damaged(path, msg('backup.expected.number'));
  return value;
};

/** A whole number. @throws ValidationError otherwise. */
export const integer: Check<number> = (value, path) => {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw damaged(path, msg('backup.expected.wholeNumber'));
  return value;
};

/** true or false. @throws ValidationError otherwise. */
export const bool: Check<boolean> = (value, path) => {
  if (typeof value !== 'boolean') throw damaged(path, msg('backup.expected.boolean'));
  return value;
};

/** One of the listed strings. @throws ValidationError otherwise. */
export function oneOf<T extends string>(...allowed: T[]): Check<T> {
  return (value, path) => {
    if (typeof value !== 'string' || !(allowed as string[]).includes(value)) throw damaged(path, msg('backup.expected.oneOf', { values: allowed.join(', ') }));
    return value as T;
  };
}

/** An array whose every item passes `item`. @throws ValidationError otherwise. */
export function array<T>(item: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) throw damaged(path, msg('backup.expected.list'));
    return value.map((v, i) => item(v, `${path}[${i}]`));
  };
}

/** A JSON object of any content, copied without unsafe keys. @throws ValidationError otherwise. */
export const jsonObject: Check<Record<string, unknown>> = (value, path) => {
  if (!isRecord(value)) throw damaged(path, msg('backup.expected.object'));
  return safeCopy(value);
};

/** Any JSON value, copied without unsafe keys. */
export const jsonValue: Check<unknown> = (value) => cleanJson(value);

function cleanJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanJson);
  if (isRecord(value)) return safeCopy(value);
  return value;
}

function safeCopy(value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (!UNSAFE_KEYS.has(key)) out[key] = cleanJson(v);
  return out;
}

/** Per-key checks of an object; a key whose check is wrapped in {@link optional} may be absent. */
export type Shape = Record<string, Check<unknown>>;

const OPTIONAL = Symbol('optional');
type OptionalCheck<T> = Check<T | undefined> & { [OPTIONAL]: true };

/** Marks a field that may be absent (or null, read as absent). */
export function optional<T>(check: Check<T>): OptionalCheck<T> {
  const wrapped = ((value: unknown, path: string) => (value === undefined || value === null ? undefined : check(value, path))) as OptionalCheck<T>;
  wrapped[OPTIONAL] = true;
  return wrapped;
}

/** The checked type of a shape: optional fields may be absent. */
export type Checked<S extends Shape> = { [K in keyof S]: S[K] extends Check<infer T> ? T : never };

/**
 * An object with the fields of `shape`. Required fields must be present; optional ones are
 * left out when absent. With `keepUnknown`, other fields are kept as plain JSON (so data a
 * newer release adds survives a round trip); otherwise they are dropped.
 * @throws ValidationError naming the first field that is missing or of the wrong type.
 */
export function object<S extends Shape>(shape: S, options: { keepUnknown?: boolean } = {}): Check<Checked<S>> {
  return (value, path) => {
    if (!isRecord(value)) throw damaged(path, msg('backup.expected.object'));
    const out: Record<string, unknown> = options.keepUnknown ? safeCopy(value) : {};
    for (const [key, check] of Object.entries(shape)) {
      const field = Object.hasOwn(value, key) ? value[key] : undefined;
      if (field === undefined && !(OPTIONAL in check)) throw damaged(`${path}.${key}`, msg('backup.expected.present'));
      const checked = check(field, `${path}.${key}`);
      if (checked === undefined) delete out[key];
      else out[key] = checked;
    }
    return out as Checked<S>;
  };
}
