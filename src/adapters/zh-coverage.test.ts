import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../core/errors/index.ts';
import { STORAGE_ACTIONS } from './dexie/storage-actions.ts';
import { toStorageError } from './dexie/storage-errors.ts';
import { errorForStatus } from './openai/http-errors.ts';
import { mapEmbedderError, reviveEmbedderError } from './transformers/index.ts';
import { mapWebLlmError } from './webllm/webllm-errors.ts';
import { mapWllamaError } from './wllama/wllama-errors.ts';

const ADAPTERS = fileURLToPath(new URL('.', import.meta.url));
const CONSTRUCTION = /new (?:App|Engine|Storage|Validation)Error\(/g;

/**
 * Typed-error constructions that may go without a `zh`: rebuilds that only pass on an error
 * whose Chinese message lives elsewhere. Each entry is `file` (relative to src/adapters) and a
 * piece of the call's text. Empty today: every pass-through rebuild (scrub-error.ts,
 * reviveEmbedderError, the CPU model id check in wllama-engine.ts) forwards `zh` explicitly.
 */
const ALLOWED_WITHOUT_ZH: ReadonlyArray<{ file: string; contains: string }> = [];

/** The product source files of the adapters (tests left out). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Index just past the quoted string or template literal that starts at `start`. */
function skipQuoted(source: string, start: number): number {
  const quote = source[start];
  let i = start + 1;
  while (i < source.length && source[i] !== quote) {
    if (source[i] === '\\') i += 2;
    else if (quote === '`' && source.startsWith('${', i)) i = closing(source, i + 1) + 1;
    else i += 1;
  }
  return i + 1;
}

/** Index of the bracket that closes the one at `open`, skipping strings, templates and comments. */
function closing(source: string, open: number): number {
  const pairs: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const stack: string[] = [];
  let i = open;
  while (i < source.length) {
    const char = source[i] ?? '';
    if (char === "'" || char === '"' || char === '`') {
      i = skipQuoted(source, i);
      continue;
    }
    if (source.startsWith('//', i) || source.startsWith('/*', i)) {
      const end = source.startsWith('//', i) ? source.indexOf('\n', i) : source.indexOf('*/', i) + 1;
      if (end <= i) break;
      i = end + 1;
      continue;
    }
    if (pairs[char]) stack.push(pairs[char]);
    else if (char === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
    i += 1;
  }
  throw new Error(`unbalanced brackets from offset ${open}`);
}

/** Every typed-error construction in `source`: its line and its text up to the closing parenthesis. */
function constructions(source: string): Array<{ line: number; text: string }> {
  return [...source.matchAll(CONSTRUCTION)].map((match) => {
    const open = match.index + match[0].length - 1;
    return { line: source.slice(0, match.index).split('\n').length, text: source.slice(match.index, closing(source, open) + 1) };
  });
}

const HAN = /\p{Script=Han}/u;

describe('Chinese messages of the adapters’ typed errors', () => {
  const found = sourceFiles(ADAPTERS).flatMap((path) => {
    const file = relative(ADAPTERS, path).split('\\').join('/');
    return constructions(readFileSync(path, 'utf8')).map((c) => ({ file, ...c }));
  });
  const allowed = (c: { file: string; text: string }) => ALLOWED_WITHOUT_ZH.some((a) => a.file === c.file && c.text.includes(a.contains));

  it('finds the calls whole, brackets inside strings and templates included', () => {
    const source = "x(new EngineError('a', `b (${f(')')}`, /* ( */ { zh: 'c)' }));";
    expect(constructions(source)).toEqual([{ line: 1, text: "new EngineError('a', `b (${f(')')}`, /* ( */ { zh: 'c)' })" }]);
    expect(found.length).toBeGreaterThan(60);
  });

  it('gives every typed error raised in src/adapters a zh message', () => {
    const offenders = found.filter((c) => !/\bzh\b/.test(c.text) && !allowed(c)).map((c) => `${c.file}:${c.line}`);
    expect(offenders).toEqual([]);
  });

  it('keeps the allow-list current', () => {
    const stale = ALLOWED_WITHOUT_ZH.filter((a) => !found.some((c) => c.file === a.file && c.text.includes(a.contains)));
    expect(stale).toEqual([]);
  });

  it('puts the same values into the Chinese message as into the English one', () => {
    const samples: EngineError[] = [
      mapWebLlmError(new Error('QuotaExceededError'), 'Qwen3-4B-q4f16_1-MLC', 'load'),
      mapWebLlmError('something odd happened', 'Qwen3-4B-q4f16_1-MLC', 'load'),
      mapWebLlmError('Error: something odd happened', 'Qwen3-4B-q4f16_1-MLC', 'reply'),
      mapWllamaError(new Error('HTTP 503 while fetching'), 'Qwen3 0.6B'),
      mapEmbedderError(new Error('Could not locate file: "onnx/model.onnx"'), { modelId: 'Xenova/e5', phase: 'load', remoteDisabled: true }),
      errorForStatus(404, '{"error":"model not found"}', {
        server: 'http://localhost:11434/v1',
        path: '/chat/completions',
        model: 'qwen3:4b',
        hasApiKey: false,
      }),
      errorForStatus(500, 'boom', { server: 'http://localhost:11434/v1', path: '/chat/completions', hasApiKey: true }),
    ];
    const values = [
      'Qwen3-4B-q4f16_1-MLC',
      'Qwen3 0.6B',
      'HTTP 503',
      'Xenova/e5',
      'onnx/model.onnx',
      'qwen3:4b',
      'HTTP 500',
      '"boom"',
      'http://localhost:11434/v1',
    ];
    for (const error of samples) {
      expect(error.zh, error.message).toMatch(HAN);
      for (const value of values.filter((v) => error.message.includes(v))) expect(error.zh, value).toContain(value.replace(/^"(.*)"$/, '$1'));
    }
    const storage = toStorageError(new TypeError('x'), STORAGE_ACTIONS.restoreBackup);
    expect(storage.zh).toBe('EGOS 无法恢复备份（TypeError）。请重新加载页面后重试。');
  });

  it('keeps the Chinese message of an error that crossed from the embedder worker', () => {
    const posted = new EngineError('storage-quota', 'Free space.', { zh: '请腾出空间。' }).toJSON();
    expect(reviveEmbedderError(posted)).toMatchObject({ code: 'storage-quota', message: 'Free space.', zh: '请腾出空间。' });
    expect(reviveEmbedderError({ name: 'Error', code: 'worker-failed', message: 'script failed' }).zh).toContain('script failed');
  });
});
