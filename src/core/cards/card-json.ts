import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { type JsonObject } from './json-fields.ts';
import { MAX_JSON_DEPTH } from './limits.ts';

/** Nesting depth of a parsed JSON value, computed without recursion; stops past `limit`. */
export function jsonDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (typeof item !== 'object' || item === null) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Decodes UTF-8 bytes strictly.
 * @throws {ValidationError} `bad-json` when the bytes are not valid UTF-8.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new ValidationError('bad-json', msg('card.json.notUtf8'), { cause });
  }
}

/**
 * Parses card JSON text into an object.
 * @throws {ValidationError} `bad-json` when the text is not JSON, `wrong-type` when it is not an
 *   object, `unsupported` when it is nested deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseCardJson(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    const detail = cause instanceof Error ? ` (${cause.message})` : '';
    throw new ValidationError('bad-json', msg('card.json.invalid', { detail }), { cause });
  }
  if (!isRecord(value)) {
    throw new ValidationError('wrong-type', msg('card.json.notObject', { example: '{ … }' }));
  }
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ValidationError('unsupported', msg('card.json.tooDeep', { depth: MAX_JSON_DEPTH }));
  }
  return value;
}
