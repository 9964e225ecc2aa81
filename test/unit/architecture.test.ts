import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const src = join(root, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)];
  return found.map((m) => m[1] ?? '');
}

/** Which top-level layer a path inside src belongs to. */
function layerOf(file: string): string {
  return relative(src, file).split(/[\\/]/)[0] ?? '';
}

/** Layers each layer may import from (relative imports only). */
const allowed: Record<string, string[]> = {
  core: ['core'],
  adapters: ['core', 'adapters'],
  state: ['core', 'state'],
  ui: ['core', 'state', 'ui'],
  cli: ['core', 'adapters', 'cli'],
};

const bannedInCore = /^(svelte|dexie|@mlc-ai\/|@huggingface\/|@wllama\/|dompurify|marked)/;
const domGlobals = /\b(document|window|indexedDB|localStorage|navigator)\s*\./;

describe('layer boundaries', () => {
  const files = sourceFiles(src).filter((f) => !f.endsWith('.test.ts'));

  it('src/core imports no DOM, Svelte, Dexie or model library', () => {
    const offenders = files
      .filter((f) => layerOf(f) === 'core')
      .flatMap((f) => {
        const bad = importsOf(f).filter((i) => bannedInCore.test(i));
        const code = readFileSync(f, 'utf8')
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/^\s*\/\/.*$/gm, '');
        if (domGlobals.test(code)) bad.push('DOM global');
        return bad.map((b) => `${relative(root, f)}: ${b}`);
      });
    expect(offenders).toEqual([]);
  });

  it('lower layers never import higher ones', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      const ok = allowed[layer];
      if (!ok) continue;
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = layerOf(join(file, '..', spec));
        if (!ok.includes(target)) offenders.push(`${relative(root, file)} -> ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('only the composition roots (src/main.ts, src/cli/) build concrete adapters', () => {
    const offenders = files
      .filter((f) => !['adapters', 'main.ts', 'cli'].includes(layerOf(f)))
      .filter((f) => importsOf(f).some((i) => i.includes('/adapters/')))
      .map((f) => relative(root, f));
    expect(offenders).toEqual([]);
  });

  it('nothing imports the command line tool (src/cli/ is a composition root)', () => {
    const offenders = files
      .filter((f) => layerOf(f) !== 'cli')
      .flatMap((f) =>
        importsOf(f)
          .filter((spec) => spec.startsWith('.') && layerOf(join(f, '..', spec)) === 'cli')
          .map((spec) => `${relative(root, f)} -> ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it('a folder with an index.ts is entered only through it (tests and their fixtures may reach in)', () => {
    const barrels = new Set(
      sourceFiles(src)
        .filter((f) => f.endsWith(`${sep}index.ts`) && !f.includes(`${sep}i18n${sep}`))
        .map((f) => dirname(f)),
    );
    expect(barrels.size).toBeGreaterThan(3);
    const offenders = files
      .filter((file) => !file.endsWith('.test-support.ts'))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => join(dirname(file), spec))
          .filter((target) => barrels.has(dirname(target)) && !target.endsWith(`${sep}index.ts`) && !file.startsWith(dirname(target) + sep))
          .map((target) => `${relative(root, file)} -> ${relative(root, target)}`),
      );
    expect(offenders).toEqual([]);
  });
});
