/**
 * Layout regression check without image diffs (no PNG library is installed): the boxes of a
 * screen's main parts (header, title, message list, composer…) and a few colours are compared
 * with a committed baseline, `__layout__/<file>.json`, boxes within a tolerance in CSS pixels.
 * `UPDATE_BASELINES=1 npx vitest run --project e2e <test>` rewrites the entries the test checks.
 * Each check also saves a screenshot under the system temp folder (`egos-layout/`) to look at.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/** A part's box in CSS pixels (rounded), or null when the part is not on the screen. */
export type Box = { x: number; y: number; width: number; height: number } | null;

/** What one screen recorded: its parts' boxes and, where asked, computed colours. */
export interface ScreenLayout {
  boxes: Record<string, Box>;
  colours?: Record<string, string>;
}

/** How far (CSS px) a box edge may move before it counts as a change: fonts render alike in one Chromium. */
export const LAYOUT_TOLERANCE = 4;

/** Differences between a baseline and a screen now, one readable line each (none: the same within `tolerance`). */
export function layoutDifferences(expected: ScreenLayout, actual: ScreenLayout, tolerance = LAYOUT_TOLERANCE): string[] {
  const out: string[] = [];
  for (const part of new Set([...Object.keys(expected.boxes), ...Object.keys(actual.boxes)])) {
    const want = expected.boxes[part];
    const got = actual.boxes[part];
    if (want === undefined || got === undefined) {
      out.push(`${part}: ${want === undefined ? 'not in the baseline' : 'no longer measured'}`);
    } else if (!want || !got) {
      if (want !== got) out.push(`${part}: ${JSON.stringify(want)} → ${JSON.stringify(got)}`);
    } else {
      const moved = (['x', 'y', 'width', 'height'] as const).filter((k) => Math.abs(want[k] - got[k]) > tolerance);
      if (moved.length > 0) out.push(`${part}: ${moved.map((k) => `${k} ${want[k]} → ${got[k]}`).join(', ')}`);
    }
  }
  for (const [name, colour] of Object.entries(expected.colours ?? {})) {
    if (actual.colours?.[name] !== colour) out.push(`colour of ${name}: ${colour} → ${actual.colours?.[name] ?? 'none'}`);
  }
  return out;
}

/** The boxes of `parts` (name → CSS selector, first match) and the background colours of `colours` (name → selector). */
export async function measureScreen(page: Page, parts: Record<string, string>, colours: Record<string, string> = {}): Promise<ScreenLayout> {
  return page.evaluate(
    ({ parts, colours }) => {
      const boxes: Record<string, { x: number; y: number; width: number; height: number } | null> = {};
      for (const [name, selector] of Object.entries(parts)) {
        const el = document.querySelector(selector);
        const r = el?.getBoundingClientRect();
        boxes[name] =
          r && r.width > 0 && r.height > 0 ? { x: Math.round(r.x), y: Math.round(r.y), width: Math.round(r.width), height: Math.round(r.height) } : null;
      }
      const shades: Record<string, string> = {};
      for (const [name, selector] of Object.entries(colours)) {
        const el = document.querySelector(selector);
        shades[name] = el ? getComputedStyle(el).backgroundColor : 'missing';
      }
      return Object.keys(colours).length > 0 ? { boxes, colours: shades } : { boxes };
    },
    { parts, colours },
  );
}

/**
 * Compares `actual` with the entry `screen` of the baseline file `file` (in `__layout__/`) and
 * returns the differences; with `UPDATE_BASELINES=1` writes it there instead and returns none.
 * A screenshot of the page goes to `<tmp>/egos-layout/<file>/<screen>.png` either way.
 */
export async function checkLayout(page: Page, file: string, screen: string, actual: ScreenLayout): Promise<string[]> {
  const shots = join(tmpdir(), 'egos-layout', file);
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${screen.replace(/[^\w-]+/g, '_')}.png`) });
  const path = join(import.meta.dirname, '__layout__', `${file}.json`);
  const baseline: Record<string, ScreenLayout> = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, ScreenLayout>) : {};
  if (process.env.UPDATE_BASELINES === '1') {
    baseline[screen] = actual;
    const sorted = Object.fromEntries(Object.entries(baseline).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(path, `${JSON.stringify(sorted, null, 2)}\n`);
    return [];
  }
  const expected = baseline[screen];
  if (!expected) return [`${screen}: no baseline in ${path}; record it with UPDATE_BASELINES=1`];
  return layoutDifferences(expected, actual).map((d) => `${screen}: ${d}`);
}
