import { ValidationError } from '../errors/index.ts';

/** How many `{` positions are tried before giving up on a long garbled reply. */
const MAX_OBJECT_STARTS = 32;

/**
 * Finds the JSON object in a model reply: bare, inside a ``` code fence, or surrounded by
 * prose. It never repairs broken JSON (no guessing): the first candidate that parses wins.
 * @throws ValidationError `empty` for a blank reply, `bad-json` when no JSON object parses.
 */
export function extractJsonObject(reply: string): Record<string, unknown> {
  const text = reply.trim();
  if (!text) {
    throw new ValidationError('empty', 'The model returned an empty answer. Try again, or choose a larger model.', {
      zh: '模型返回了空白回答。请重试，或换用更大的模型。',
    });
  }
  for (const candidate of jsonCandidates(text)) {
    const value = tryParse(candidate);
    if (isPlainObject(value)) return value;
  }
  throw new ValidationError(
    'bad-json',
    'The model did not answer in the expected JSON form. Try again, or choose a larger model.',
    { zh: '模型没有按预期的 JSON 格式回答。请重试，或换用更大的模型。' },
  );
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function* jsonCandidates(text: string): Generator<string> {
  yield text;
  for (const fence of text.matchAll(/```[a-zA-Z]*[ \t]*\n?([\s\S]*?)```/g)) {
    if (fence[1]) yield fence[1].trim();
  }
  let starts = 0;
  for (let i = text.indexOf('{'); i !== -1 && starts < MAX_OBJECT_STARTS; i = text.indexOf('{', i + 1)) {
    starts += 1;
    const object = balancedObjectAt(text, i);
    if (object) yield object;
  }
}

/** The substring from `start` (a `{`) to its matching `}`, respecting JSON strings; null if unbalanced. */
function balancedObjectAt(text: string, start: number): string | null {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i += 1;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '{') {
      depth += 1;
    } else if (ch === '}') {
      depth -= 1;
      if (depth === 0) return text.slice(start, i + 1);
    }
  }
  return null;
}

function tryParse(candidate: string): unknown {
  try {
    return JSON.parse(candidate);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
