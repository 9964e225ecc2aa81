import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();
const axeSource = readFile(join(import.meta.dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');

interface Finding {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2 A and AA) on the whole page; returns the serious and critical findings. */
async function seriousViolations(page: Page): Promise<Finding[]> {
  await page.evaluate(await axeSource);
  const found = await page.evaluate(async () => {
    type AxeResult = { passes: unknown[]; violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    if (result.passes.length === 0) throw new Error('axe-core checked nothing on this page');
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  return found.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Waits for the screen's heading, then collects its findings under its name, printing any. */
async function check(page: Page, screen: string, heading: RegExp, report: Record<string, Finding[]>): Promise<void> {
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  const found = await seriousViolations(page);
  if (found.length) console.log(`axe on ${screen}:`, JSON.stringify(found, null, 2));
  report[screen] = found;
}

describe('accessibility of every screen (axe-core, WCAG 2 A/AA)', () => {
  it('has no serious or critical violations on any screen', async () => {
    const { page } = env.browser;
    const report: Record<string, Finding[]> = {};
    await page.goto(baseUrl);
    await check(page, 'persona list (empty)', /^Personas/, report);
    await page.getByRole('link', { name: 'New persona' }).click();
    await page.getByLabel('Name').waitFor();
    await check(page, 'new persona form', /New persona/, report);
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await check(page, 'persona page', /^Ada Lovelace/, report);
    const personaHash = new URL(page.url()).hash;
    await page.goto(baseUrl);
    await page.getByRole('link', { name: /Ada Lovelace/ }).first().waitFor();
    await check(page, 'persona list', /^Personas/, report);
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await check(page, 'engine page', /^Engine/, report);
    await startChat(page, 'Ada Lovelace');
    env.server.setScript({ tokens: ['Ada Lovelace: "', 'Indeed', ', engines', '."'], usage: { prompt_tokens: 120, completion_tokens: 4 } });
    await send(page, 'Tell me about your work.');
    await page.locator('[data-status="complete"]', { hasText: 'Indeed, engines.' }).waitFor();
    await check(page, 'chat', /Ada Lovelace/, report);
    await page.goto(new URL(`${personaHash}/memory`, baseUrl).href);
    await check(page, 'memory page', /What Ada Lovelace remembers/, report);
    await page.goto(new URL(`${personaHash}/eval`, baseUrl).href);
    await check(page, 'evaluation page', /Evaluate Ada Lovelace/, report);
    await page.goto(new URL('#/data', baseUrl).href);
    await check(page, 'data page', /Your data/, report);
    expect(Object.keys(report)).toHaveLength(9);
    expect(report).toEqual(Object.fromEntries(Object.keys(report).map((k) => [k, []])));
  });
});
