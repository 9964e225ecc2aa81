import { ValidationError } from '../errors/index.ts';

const FENCE = /```[a-zA-Z]*\s*\n?([\s\S]*?)```/g;

/** Index just past the balanced `{…}` or `[…]` that starts at `start`, or -1. Strings are skipped. */
function balancedEnd(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i + 1;
    }
  }
  return -1;
}

function tryParse(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return { ok: false };
    throw error;
  }
}

/** Most `{` / `[` positions scanned for a balanced value (keeps garbage input linear-ish). */
const MAX_OPENERS = 32;

/** Candidate JSON texts in the order they are tried. */
function candidates(text: string): string[] {
  const found = [text.trim()];
  for (const match of text.matchAll(FENCE)) found.push((match[1] ?? '').trim());
  let openers = 0;
  for (let i = 0; i < text.length && openers < MAX_OPENERS; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    openers++;
    const end = balancedEnd(text, i);
    if (end > 0) {
      found.push(text.slice(i, end));
      i = end - 1;
    }
  }
  return found;
}

/**
 * Reads the first JSON object or array out of a model's answer: the whole text, a fenced
 * ```json block, or the first balanced `{…}` / `[…]` inside prose. Plain JSON scalars are not
 * accepted.
 * @throws ValidationError `bad-json` when no JSON object or array can be read.
 */
export function extractJson(text: string): unknown {
  for (const candidate of candidates(text)) {
    if (!candidate.startsWith('{') && !candidate.startsWith('[')) continue;
    const parsed = tryParse(candidate);
    if (parsed.ok) return parsed.value;
  }
  throw new ValidationError(
    'bad-json',
    'The model did not answer with readable JSON. Try again, or set the values by hand.',
    { zh: '模型没有返回可读取的 JSON。请重试，或手动设置这些值。' },
  );
}

/** True for a plain (non-array) object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
