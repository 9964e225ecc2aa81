import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * One way to say something: the sentences of the interface live in the catalogues
 * (src/core/i18n, one per language). State classes and components carry messages and put them
 * into words with `t` / `say`; they never hold a sentence in a particular language themselves.
 * (That every typed error carries a catalogue message is checked by the compiler: `AppError`
 * takes nothing else.)
 */

const root = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Places allowed to name a language's own text, and why. */
const ALLOWED: ReadonlyArray<{ file: string; contains: string; why: string }> = [
  { file: 'src/ui/i18n/index.ts', contains: "name: '中文'", why: 'the language menu names each language in itself' },
  { file: 'src/ui/chat/MessageItem.svelte', contains: 'error?.zh', why: 'replies stored by older versions kept their failure in English and Chinese' },
];

const HAN = /\p{Script=Han}/u;
const ZH_FIELD = /\bzh\s*:|\.zh\b/;

describe('interface text lives only in the catalogues', () => {
  const lines = ['src/state', 'src/ui'].flatMap((dir) =>
    sourceFiles(join(root, dir)).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ file: relative(root, file).split('\\').join('/'), line: i + 1, text: line })),
    ),
  );
  const allowed = (l: { file: string; text: string }) => ALLOWED.some((a) => a.file === l.file && l.text.includes(a.contains));

  it('no state class or component holds Chinese text or picks a `zh` version of a text', () => {
    const offenders = lines.filter((l) => (HAN.test(l.text) || ZH_FIELD.test(l.text)) && !allowed(l)).map((l) => `${l.file}:${l.line}: ${l.text.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('keeps its allow-list current', () => {
    expect(ALLOWED.filter((a) => !lines.some((l) => l.file === a.file && l.text.includes(a.contains)))).toEqual([]);
  });
});
