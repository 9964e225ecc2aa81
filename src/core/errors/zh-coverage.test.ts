import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Every typed error raised in src/core must carry its Simplified Chinese message (`zh`), so the
 * interface never falls back to English in Chinese. A construction that rethrows an existing
 * error passes the original's `zh` along (e.g. `{ cause: error, zh }`), which counts too.
 */

const CORE = fileURLToPath(new URL('..', import.meta.url));
const CONSTRUCTION = /\bnew (?:Engine|Storage|Validation|App)Error\(/g;
/** A `zh` property: `zh: …` or the shorthand `{ zh }` / `{ cause, zh }`. */
const ZH_PROPERTY = /[{,]\s*zh\s*(?::|[,}])/;
const CLOSERS: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

function skipQuoted(src: string, at: number): number {
  const quote = src[at];
  let i = at + 1;
  while (i < src.length && src[i] !== quote) i += src[i] === '\\' ? 2 : 1;
  return i;
}

function skipTemplate(src: string, at: number): number {
  let i = at + 1;
  while (i < src.length && src[i] !== '`') {
    if (src[i] === '\\') i += 2;
    else if (src[i] === '$' && src[i + 1] === '{') i = closingIndex(src, i + 2, '}') + 1;
    else i += 1;
  }
  return i;
}

/** Index of `close` that ends the code starting at `from`, skipping strings, templates and nested brackets. */
function closingIndex(src: string, from: number, close: string): number {
  const open: string[] = [];
  for (let i = from; i < src.length; i += 1) {
    const c = src[i] as string;
    if (c === "'" || c === '"') i = skipQuoted(src, i);
    else if (c === '`') i = skipTemplate(src, i);
    else if (c in CLOSERS) open.push(CLOSERS[c] as string);
    else if (c === ')' || c === ']' || c === '}') {
      if (open.length === 0 && c === close) return i;
      if (open.pop() !== c) throw new Error(`unbalanced "${c}" at offset ${i}`);
    }
  }
  throw new Error(`no closing "${close}" after offset ${from}`);
}

/** The text of every typed-error construction in `src`, with its line number. */
function constructions(src: string): Array<{ line: number; call: string }> {
  return [...src.matchAll(CONSTRUCTION)].map((match) => {
    const start = match.index;
    const end = closingIndex(src, start + match[0].length, ')');
    return { line: src.slice(0, start).split('\n').length, call: src.slice(start, end + 1) };
  });
}

function coreSources(): Array<{ file: string; src: string }> {
  return readdirSync(CORE, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !/\.test(-support)?\.ts$/.test(file))
    .sort()
    .map((file) => ({ file: relative(CORE, join(CORE, file)), src: readFileSync(join(CORE, file), 'utf8') }));
}

describe('Chinese messages of typed errors in src/core', () => {
  it('finds a construction up to its own closing parenthesis, past parentheses in strings and templates', () => {
    const src = ["throw new ValidationError('invalid', 'Smile :) (or not', { zh: '笑）' });", 'throw new EngineError(`a ${f(")")} b`, "x)");'].join('\n');
    expect(constructions(src)).toEqual([
      { line: 1, call: "new ValidationError('invalid', 'Smile :) (or not', { zh: '笑）' })" },
      { line: 2, call: 'new EngineError(`a ${f(")")} b`, "x)")' },
    ]);
    expect(ZH_PROPERTY.test(constructions(src)[0]?.call ?? '')).toBe(true);
    expect(ZH_PROPERTY.test(constructions(src)[1]?.call ?? '')).toBe(false);
  });

  it('gives every typed error raised in src/core a `zh` message', () => {
    const all = coreSources().flatMap(({ file, src }) => constructions(src).map((c) => ({ ...c, file })));
    expect(all.length).toBeGreaterThan(80);
    const missing = all.filter((c) => !ZH_PROPERTY.test(c.call)).map((c) => `${c.file}:${c.line}`);
    expect(missing, 'typed errors without a Chinese message (add `{ zh: … }`)').toEqual([]);
  });
});
