import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createBackup, serializeBackup } from '../../src/core/backup/create-backup.ts';
import { sampleBackupData } from '../../src/core/backup/fixtures.test-support.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();
const axeSource = readFile(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const PHONES = [PHONE, { width: 360, height: 740 }];
const DARK_BG = 'rgb(15, 23, 42)';
const LIGHT_BG = 'rgb(248, 250, 252)';

const go = (page: Page, hash: string) => page.goto(new URL(hash, baseUrl).href);

/** Serious and critical axe-core findings (WCAG 2 A/AA, colour contrast included) on the page, as `rule: targets`. */
async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  return page.evaluate(async () => {
    type AxeResult = { passes: Array<{ id: string }>; violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    if (!result.passes.some((p) => p.id === 'color-contrast')) throw new Error('axe-core checked no text contrast on this page');
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** The page's background colour (the theme in use). */
const background = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

/** Restores the sample library (swipes, an interrupted and a failed reply, a summary, memories) without settings. */
async function restoreSample(page: Page): Promise<void> {
  const data = { ...sampleBackupData(), settings: [] };
  const file = serializeBackup(createBackup(data, { includeApiKeys: false, now: Date.UTC(2025, 0, 1) }).file);
  await go(page, '#/data');
  await page.getByLabel('Restore from file').setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(file, 'utf8') });
  await page.getByTestId('restore-result').waitFor();
}

/** The key screens: data page, persona list, persona page, a chat with messages; axe findings of each at desktop and phone width. */
async function checkKeyScreens(page: Page, theme: string): Promise<Record<string, string[]>> {
  const screens: Array<[string, string, () => Promise<unknown>]> = [
    ['data page', '#/data', () => page.getByRole('heading', { level: 1, name: /Your data/ }).waitFor()],
    [
      'persona list',
      '#/',
      () =>
        page
          .getByRole('link', { name: /Mozart/ })
          .first()
          .waitFor(),
    ],
    ['persona page', '#/persona/persona-1', () => page.getByRole('heading', { level: 1, name: /^Mozart/ }).waitFor()],
    ['chat', '#/persona/persona-1/chat/chat-a', () => page.getByTestId('summary-marker').waitFor()],
  ];
  const report: Record<string, string[]> = {};
  for (const [name, hash, ready] of screens) {
    await go(page, hash);
    await ready();
    await page.locator('main details:not([open])').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
    for (const size of [DESKTOP, PHONE]) {
      await page.setViewportSize(size);
      report[`${name} (${theme}) @ ${size.width}`] = await axeProblems(page);
    }
    await page.setViewportSize(DESKTOP);
  }
  return report;
}

function expectClean(report: Record<string, string[]>): void {
  expect(Object.keys(report)).toHaveLength(8);
  expect(report).toEqual(Object.fromEntries(Object.keys(report).map((k) => [k, []])));
}

describe('themes', () => {
  it('follows a dark system, passes axe (contrast included) in dark and light, and keeps a chosen theme after a reload', async () => {
    const { page } = env.browser;
    await page.setViewportSize(DESKTOP);
    await page.emulateMedia({ colorScheme: 'dark' });
    await restoreSample(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('system');
    expect(await background(page)).toBe(DARK_BG);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme)).toBe('light dark');
    expectClean(await checkKeyScreens(page, 'dark, following the system'));

    // The switch overrides the system, at once.
    const select = page.getByLabel('Theme');
    expect(await select.inputValue()).toBe('system');
    await select.selectOption('light');
    expect(await background(page)).toBe(LIGHT_BG);
    expect(await page.evaluate(() => document.querySelector('meta[name="color-scheme"]')?.getAttribute('content'))).toBe('light');
    expectClean(await checkKeyScreens(page, 'light, chosen on a dark system'));

    // A light system with dark chosen: dark, and still dark after a reload, from the first screen on.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByLabel('Theme').selectOption('dark');
    expect(await background(page)).toBe(DARK_BG);
    expectClean(await checkKeyScreens(page, 'dark, chosen on a light system'));
    await page.addInitScript(() => {
      new MutationObserver((_, observer) => {
        if (!document.querySelector('.topbar')) return;
        Object.assign(window, { firstTheme: document.documentElement.dataset.theme });
        observer.disconnect();
      }).observe(document, { subtree: true, childList: true });
    });
    await page.reload();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(await page.evaluate(() => (window as { firstTheme?: string }).firstTheme), 'the saved theme shows with the first screen').toBe('dark');
    expect(await page.getByLabel('Theme').inputValue()).toBe('dark');
    expect(await background(page)).toBe(DARK_BG);

    await page.getByLabel('Theme').selectOption('system');
    expect(await background(page)).toBe(LIGHT_BG);
  }, 180_000);

  it('shows a one-line header with one menu on phones; the menu holds the links and the settings', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await page.getByRole('heading', { level: 1, name: /^Personas/ }).waitFor();
    await page.setViewportSize(DESKTOP);
    expect(await page.getByTestId('menu-toggle').isVisible()).toBe(false);
    expect(await page.getByTestId('data-link').isVisible()).toBe(true);
    for (const size of PHONES) {
      await page.setViewportSize(size);
      const toggle = page.getByRole('button', { name: 'Menu' });
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      const header = await page.locator('header.topbar').boundingBox();
      expect(header?.height, `header height at ${size.width}px`).toBeLessThan(60);
      expect(await page.getByTestId('data-link').isVisible()).toBe(false);
      await toggle.click();
      expect(await toggle.getAttribute('aria-expanded')).toBe('true');
      expect(await page.getByLabel('Theme').isVisible()).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(size.width);
      expect(await axeProblems(page)).toEqual([]);
      await page.getByTestId('data-link').click();
      await page.getByRole('heading', { level: 1, name: /Your data/ }).waitFor();
      expect(await toggle.getAttribute('aria-expanded')).toBe('false');
      expect(await page.getByTestId('data-link').isVisible()).toBe(false);
      await page.goBack();
    }
  });
});
