/**
 * The one place for reading what a model wrote, shared by every caller of an engine: thinking
 * blocks, collecting a stream into text, and JSON from an answer.
 */
import { ValidationError } from './errors/index.ts';
import { msg } from './i18n/message.ts';
import type { CompletionRequest, FinishReason, LlmEngine } from './llm-engine.ts';
import type { Usage } from './usage.ts';

/**
 * The empty thinking block Qwen3's chat template puts at the start of a reply when thinking
 * is off (WebLLM adds it to the prompt and to the reply text; a raw prompt writes it itself).
 */
export const EMPTY_THINK_BLOCK = '<think>\n\n</think>\n\n';

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/** True while streamed output is still inside (or opening) a leading `<think>` block. */
export function insideThinking(output: string): boolean {
  const t = output.trimStart();
  if (t === '') return false;
  if (THINK_OPEN.startsWith(t)) return true;
  return t.toLowerCase().startsWith(THINK_OPEN) && !t.toLowerCase().includes(THINK_CLOSE);
}

/**
 * The output after a leading `<think>…</think>` block (any case, the whitespace after it
 * dropped), the output itself when it has none, or null when a block was opened and never closed.
 */
export function stripThinking(output: string): string | null {
  const t = output.trimStart();
  if (!t.toLowerCase().startsWith(THINK_OPEN)) return output;
  const end = t.toLowerCase().indexOf(THINK_CLOSE);
  if (end < 0) return null;
  return t.slice(end + THINK_CLOSE.length).trimStart();
}

/** The whole text of a streamed completion and why it ended. */
export interface CollectedText {
  text: string;
  finishReason: FinishReason;
  usage?: Usage;
}

/**
 * Streams one completion and joins its text, calling `onText` with the text so far after each
 * delta. An aborted signal ends it with finishReason `abort` (also when the engine stops
 * without a final event).
 * @throws EngineError whatever the engine throws.
 */
export async function collectText(
  engine: LlmEngine,
  request: CompletionRequest,
  options: { signal?: AbortSignal; onText?: (textSoFar: string) => void } = {},
): Promise<CollectedText> {
  let text = '';
  for await (const event of engine.stream(request, options.signal)) {
    if (event.type === 'done') return { text, finishReason: event.finishReason, usage: event.usage };
    text += event.text;
    options.onText?.(text);
  }
  return { text, finishReason: options.signal?.aborted ? 'abort' : 'stop' };
}

/** True for a plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Most `{` / `[` positions tried before giving up on a long garbled answer. */
const MAX_OPENERS = 32;

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

function parsed(text: string): { value: unknown } | null {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** Appends the closers the open strings, arrays and objects of a cut-off JSON text need. */
export function closeJson(prefix: string): string {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const ch of prefix) {
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') stack.pop();
  }
  return prefix + (inString ? '"' : '') + stack.reverse().join('');
}

/** A JSON value cut off by the token limit, closed after its last complete member; undefined when nothing parses. */
function salvage(text: string): unknown {
  const start = text.search(/[{[]/);
  if (start < 0) return undefined;
  const body = text.slice(start).trim();
  let tries = 0;
  for (let at = body.lastIndexOf('}'); at > 0 && tries < 50; at = body.lastIndexOf('}', at - 1), tries++) {
    const value = parsed(closeJson(body.slice(0, at + 1)));
    if (value) return value.value;
  }
  return undefined;
}

/**
 * The first JSON object or array in a model's answer: the whole text, a fenced ```json block,
 * or the first balanced `{…}` / `[…]` inside prose — after any `<think>` block. It never
 * guesses: broken JSON gives undefined, unless `salvage` is set, which closes a value that the
 * token limit cut off after its last complete member. Plain scalars are not accepted.
 */
export function readJson(answer: string, options: { salvage?: boolean } = {}): unknown {
  const text = answer.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '').trim();
  if (options.salvage) {
    // A value cut off by the token limit: close the outer value rather than take a fragment inside it.
    const unfenced = text.replace(/```(?:json)?/gi, '');
    const start = unfenced.search(/[{[]/);
    if (start >= 0 && balancedEnd(unfenced, start) < 0 && parsed(unfenced.slice(start).trim()) === null) {
      const closed = salvage(unfenced);
      if (closed !== undefined) return closed;
    }
  }
  const candidates = [text, ...[...text.matchAll(/```[a-zA-Z]*[ \t]*\n?([\s\S]*?)```/g)].map((m) => (m[1] ?? '').trim())];
  let openers = 0;
  for (let i = 0; i < text.length && openers < MAX_OPENERS; i++) {
    if (text[i] !== '{' && text[i] !== '[') continue;
    openers++;
    const end = balancedEnd(text, i);
    if (end > 0) {
      candidates.push(text.slice(i, end));
      i = end - 1;
    }
  }
  for (const candidate of candidates) {
    if (!candidate.startsWith('{') && !candidate.startsWith('[')) continue;
    const value = parsed(candidate);
    if (value) return value.value;
  }
  return options.salvage ? salvage(text.replace(/```(?:json)?/gi, '')) : undefined;
}

/**
 * The JSON object or array a model answered with (see {@link readJson}).
 * @throws ValidationError `empty` for a blank answer, `bad-json` when no JSON can be read.
 */
export function jsonAnswer(answer: string): unknown {
  if (answer.trim() === '') {
    throw new ValidationError('empty', msg('modelOutput.error.empty'));
  }
  const value = readJson(answer);
  if (value === undefined) {
    throw new ValidationError('bad-json', msg('modelOutput.error.notJson'));
  }
  return value;
}

/**
 * The JSON object a model answered with.
 * @throws ValidationError as {@link jsonAnswer}; `bad-json` also when the JSON is not an object.
 */
export function jsonObjectAnswer(answer: string): Record<string, unknown> {
  const value = jsonAnswer(answer);
  if (!isRecord(value)) {
    throw new ValidationError('bad-json', msg('modelOutput.error.notJson'));
  }
  return value;
}
