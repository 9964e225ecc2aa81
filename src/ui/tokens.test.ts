import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const UI = import.meta.dirname;
const tokens = readFileSync(join(UI, 'tokens.css'), 'utf8');

/** The custom properties declared in a block of CSS, by name. */
function declarations(css: string): Map<string, string> {
  return new Map([...css.matchAll(/(--[\w-]+):\s*([^;]+);/g)].map((m) => [m[1] ?? '', (m[2] ?? '').replace(/\s+/g, ' ').trim()]));
}

/** The text between the `{` after `selector` and its matching `}`. */
function block(css: string, selector: string): string {
  const start = css.indexOf(selector);
  if (start < 0) throw new Error(`tokens.css lacks ${selector}`);
  const open = css.indexOf('{', start);
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    if (css[i] === '{') depth++;
    else if (css[i] === '}' && --depth === 0) return css.slice(open + 1, i);
  }
  throw new Error(`unbalanced braces after ${selector}`);
}

const COLOUR = /#[0-9a-f]{3,8}\b|\brgba?\(|\bhsla?\(|\bcolor-mix\(/i;

/** Every style sheet and component of the interface (the tokens themselves excepted). */
function styleSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return styleSources(path);
    return /\.(css|svelte)$/.test(entry.name) && entry.name !== 'tokens.css' ? [path] : [];
  });
}

/** Files not yet moved to the tokens (owned by work in progress elsewhere). */
const NOT_YET = new Set(['eval/ScoreBar.svelte']);

describe('design tokens (src/ui/tokens.css)', () => {
  const light = declarations(block(tokens, ':root {'));
  const systemDark = declarations(block(block(tokens, '@media (prefers-color-scheme: dark)'), ":root:not([data-theme='light'])"));
  const chosenDark = declarations(block(tokens, ":root[data-theme='dark']"));

  it('gives the dark theme the same values whether the system asks for it or the user chose it', () => {
    expect(systemDark.size).toBeGreaterThan(10);
    expect(Object.fromEntries(chosenDark)).toEqual(Object.fromEntries(systemDark));
  });

  it('has a dark value for every colour, and only colours change with the theme', () => {
    const colours = [...light].filter(([, value]) => COLOUR.test(value)).map(([name]) => name);
    expect([...systemDark.keys()].sort()).toEqual(colours.sort());
  });

  it('is the only place the interface names a colour', () => {
    const offenders = styleSources(UI)
      .filter((path) => !NOT_YET.has(relative(UI, path)))
      .flatMap((path) => {
        const text = readFileSync(path, 'utf8');
        const css = path.endsWith('.svelte') ? (text.match(/<style[^>]*>[\s\S]*?<\/style>/g) ?? []).join('\n') : text;
        return css
          .split('\n')
          .filter((line) => COLOUR.test(line))
          .map((line) => `${relative(UI, path)}: ${line.trim()}`);
      });
    expect(offenders).toEqual([]);
  });
});
