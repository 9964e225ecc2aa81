import { isRecord } from '../llm-output.ts';
import { ValidationError } from '../errors/index.ts';
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
    throw new ValidationError('bad-json', 'The character data is not valid UTF-8 text. Re-export the card from the app that made it.', {
      cause,
      zh: '角色数据不是有效的 UTF-8 文本。请在制作这张角色卡的应用中重新导出。',
    });
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
    throw new ValidationError('bad-json', `The character data is not valid JSON${detail}. Re-export the card or fix the file in a text editor.`, {
      cause,
      zh: `角色数据不是有效的 JSON${detail}。请重新导出角色卡，或用文本编辑器修正这个文件。`,
    });
  }
  if (!isRecord(value)) {
    throw new ValidationError('wrong-type', 'The character data should be a JSON object ({ … }) but is not. Pick a character card file.', {
      zh: '角色数据应当是一个 JSON 对象（{ … }），但实际不是。请选择角色卡文件。',
    });
  }
  if (jsonDepth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw new ValidationError(
      'unsupported',
      `The character data is nested more than ${MAX_JSON_DEPTH} levels deep, which EGOS does not accept. Pick another card.`,
      { zh: `角色数据的嵌套超过 ${MAX_JSON_DEPTH} 层，EGOS 不接受。请选择其他角色卡。` },
    );
  }
  return value;
}
