import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { createBackup, serializeBackup } from '../../src/core/backup/create-backup.ts';
import { sampleBackupData } from '../../src/core/backup/fixtures.test-support.ts';
import { exportCardV3Json } from '../../src/core/cards/index.ts';
import { mozart } from '../../src/core/persona/fixtures.test-support.ts';
import { useAppHarness } from './harness.ts';
import { answerNameIfAsked, connectEndpoint, createPersona, send } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();
const axeSource = readFile(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2 A and AA) on the whole page; returns the serious and critical findings. */
async function seriousViolations(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await axeSource);
  const found = await page.evaluate(async () => {
    type AxeResult = { passes: unknown[]; violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    if (result.passes.length === 0) throw new Error('axe-core checked nothing on this page');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Findings of one screen at one width; an `overflow` finding when the page scrolls sideways on a phone. */
async function findings(page: Page): Promise<Finding[]> {
  const found = await seriousViolations(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  const viewport = page.viewportSize()?.width ?? 0;
  if (width > viewport) found.push({ id: 'overflow', impact: 'serious', help: `page is ${width}px wide on a ${viewport}px screen`, targets: [] });
  return found;
}

/**
 * Waits for the screen's heading, opens every collapsed section (axe skips hidden content),
 * then collects its findings at desktop and at phone width under `<screen> @ <width>`.
 */
async function check(page: Page, screen: string, heading: RegExp, report: Record<string, Finding[]>): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor();
  await page.locator('main details:not([open])').evaluateAll((all) => all.forEach((d) => d.setAttribute('open', '')));
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    const found = await findings(page);
    const key = `${screen} @ ${size.width}`;
    if (found.length) console.log(`axe on ${key}:`, JSON.stringify(found, null, 2));
    report[key] = found;
  }
  await page.setViewportSize(DESKTOP);
}

function expectClean(report: Record<string, Finding[]>, screens: number): void {
  expect(Object.keys(report)).toHaveLength(screens * 2);
  expect(report).toEqual(Object.fromEntries(Object.keys(report).map((k) => [k, []])));
}

/** The sample library (swipes, an interrupted reply, a failed reply, a scene summary, memories, an eval run) without settings. */
function sampleLibrary(): string {
  const data = { ...sampleBackupData(), settings: [] };
  return serializeBackup(createBackup(data, { includeApiKeys: false, now: Date.UTC(2025, 0, 1) }).file);
}

const go = (page: Page, hash: string) => page.goto(new URL(hash, baseUrl).href);

describe('accessibility of every screen (axe-core, WCAG 2 A/AA), desktop and phone width', () => {
  it('empty library, forms, import, extract, engine and a live chat', async () => {
    const { page } = env.browser;
    await page.setViewportSize(DESKTOP);
    const report: Record<string, Finding[]> = {};
    await page.goto(baseUrl);
    await check(page, 'persona list (empty)', /^Personas/, report);
    await go(page, '#/data');
    await check(page, 'data page (empty)', /Your data/, report);
    await go(page, '#/extract');
    await page.getByTestId('extract-needs-model').waitFor();
    await check(page, 'extract from text', /Create a persona from text/, report);
    await go(page, '#/import');
    await check(page, 'import card', /Import a character card/, report);
    const card = exportCardV3Json(mozart());
    await page.getByLabel('Import card').setInputFiles({ name: 'mozart.json', mimeType: 'application/json', buffer: Buffer.from(card, 'utf8') });
    await check(page, 'import review', /Review imported character/, report);
    await go(page, '#/new');
    await page.getByLabel('Name').waitFor();
    await check(page, 'new persona form', /New persona/, report);
    await go(page, '#/engine');
    await check(page, 'engine page (nothing loaded)', /^Engine/, report);
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await check(page, 'engine page (connected)', /^Engine/, report);
    await page.goto(baseUrl);
    await page
      .getByRole('link', { name: /Ada Lovelace/ })
      .first()
      .click();
    await page.getByRole('button', { name: 'New chat' }).click();
    await page.getByTestId('user-name-form').waitFor();
    await check(page, 'persona page (asking the name)', /Ada Lovelace/, report);
    await answerNameIfAsked(page);
    env.server.setScript({ tokens: ['Ada Lovelace: "', '*nods* Indeed', ', engines', '."'], usage: { prompt_tokens: 120, completion_tokens: 4 } });
    await send(page, 'Tell me about your work.');
    await page.locator('[data-status="complete"]', { hasText: 'Indeed, engines.' }).waitFor();
    await check(page, 'chat (live reply)', /Ada Lovelace/, report);
    await go(page, '#/you');
    await check(page, 'you page', /^You$/, report);
    expectClean(report, 11);
  });

  it('a full library: list, persona, editor, memory, evaluation, chats with swipes, interrupted and failed replies, a summary', async () => {
    const { page } = env.browser;
    await page.setViewportSize(DESKTOP);
    const report: Record<string, Finding[]> = {};
    await go(page, '#/data');
    await page
      .getByLabel('Restore from file')
      .setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(sampleLibrary(), 'utf8') });
    await page.getByTestId('restore-result').waitFor();
    await check(page, 'data page (restored)', /Your data/, report);
    await go(page, '#/');
    await page
      .getByRole('link', { name: /Mozart/ })
      .first()
      .waitFor();
    await check(page, 'persona list', /^Personas/, report);
    await go(page, '#/persona/persona-1');
    await check(page, 'persona page', /^Mozart/, report);
    await go(page, '#/persona/persona-1/edit');
    await page.getByLabel('Name', { exact: true }).waitFor();
    await check(page, 'edit persona', /Mozart|Edit/, report);
    await go(page, '#/persona/persona-1/memory');
    await page.getByText('The user plays the piano.').first().waitFor();
    await check(page, 'persona memory', /What Mozart remembers/, report);
    await go(page, '#/persona/persona-1/eval');
    await check(page, 'persona evaluation', /Evaluate Mozart/, report);
    await go(page, '#/persona/persona-1/chat/chat-a');
    await page.getByTestId('interrupted').waitFor();
    await page.getByTestId('summary-marker').waitFor();
    await check(page, 'chat (swipes, interrupted reply, summary, why this reply)', /Mozart/, report);
    const why = page.getByTestId('why');
    expect(await why.locator('summary').innerText()).toBe('Why this reply (2 items recalled)');
    expect(await why.getByTestId('why-trimmed').innerText()).toBe('cut to fit');
    expect(await why.getByTestId('why-left-out').innerText()).toContain('left out: no room in the lore budget');
    expect(await why.getByTestId('why-left-out').innerText()).toContain('Salieri is the court composer.');
    await go(page, '#/persona/persona-2/chat/chat-b');
    await page.getByTestId('message').nth(2).waitFor();
    await check(page, 'chat (failed reply, Chinese)', /./, report);
    expectClean(report, 8);
  });

  it('in Chinese, with a message being edited: the list, a chat, the data page', async () => {
    const { page } = env.browser;
    await page.setViewportSize(DESKTOP);
    const report: Record<string, Finding[]> = {};
    await go(page, '#/data');
    await page
      .getByLabel('Restore from file')
      .setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(sampleLibrary(), 'utf8') });
    await page.getByTestId('restore-result').waitFor();
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.locator('html[lang="zh"]').waitFor();
    await check(page, 'data page (zh)', /./, report);
    await go(page, '#/');
    await page
      .getByRole('link', { name: /Mozart/ })
      .first()
      .waitFor();
    await check(page, 'persona list (zh)', /./, report);
    await go(page, '#/persona/persona-1/chat/chat-a');
    await page.getByTestId('summary-marker').waitFor();
    await page.getByRole('button', { name: '编辑' }).last().click();
    await page.getByTestId('message-editor').waitFor();
    await check(page, 'chat with the editor open (zh)', /Mozart/, report);
    expectClean(report, 3);
  });

  it('world books: the library with a search, the editor with its entries open, the chat panel (English and Chinese)', async () => {
    const { page } = env.browser;
    await page.setViewportSize(DESKTOP);
    const report: Record<string, Finding[]> = {};
    await go(page, '#/data');
    await page
      .getByLabel('Restore from file')
      .setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(sampleLibrary(), 'utf8') });
    await page.getByTestId('restore-result').waitFor();
    await go(page, '#/books');
    await page.getByTestId('book-item').waitFor();
    await page.getByLabel('Search all books').fill('theatre');
    await check(page, 'world books', /^World books$/, report);
    await go(page, '#/books/book-vienna');
    await page.getByTestId('book-entry').first().waitFor();
    await page.getByTestId('book-entry').first().locator('summary').click();
    await page.getByLabel('Content').waitFor();
    await check(page, 'book editor', /Wien 1785/, report);
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.locator('html[lang="zh"]').waitFor();
    await check(page, 'book editor (zh)', /Wien 1785/, report);
    await go(page, '#/persona/persona-2/chat/chat-b');
    await page.getByTestId('chat-books').waitFor();
    await check(page, 'chat with its world books (zh)', /./, report);
    expectClean(report, 4);
  });
});
