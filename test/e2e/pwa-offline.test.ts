import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { RUNTIME_CACHE } from '../../src/adapters/pwa/runtime-cache.ts';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { createPersona, messageTexts, newChat } from './app-driver.ts';
import { DIST } from './pwa-static-server.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

/** Waits until the service worker has installed, activated and controls the page. */
async function waitForControl(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

describe('installable offline app', () => {
  it('precaches the app shell only: no engine chunks, no wasm, no models', async () => {
    const sw = await readFile(join(DIST, 'sw.js'), 'utf8');
    const urls = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(urls).toContain('index.html');
    expect(urls).toContain('manifest.webmanifest');
    expect(urls.filter((u) => u.startsWith('assets/') && u.endsWith('.js')).length).toBeGreaterThan(0);
    expect(urls.filter((u) => /webllm-worker|\.wasm$/.test(u))).toEqual([]);
    const assets = await Promise.all(urls.filter((u) => u.startsWith('assets/')).map((u) => readFile(join(DIST, u))));
    expect(Math.max(...assets.map((a) => a.length))).toBeLessThan(2 * 1024 * 1024);
    expect(sw).toContain(`cacheName:"${RUNTIME_CACHE}"`);
    const manifest = JSON.parse(await readFile(join(DIST, 'manifest.webmanifest'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ short_name: 'EGOS', display: 'standalone', start_url: './', scope: './', theme_color: '#1f2937' });
    const icons = manifest.icons as Array<{ sizes: string; purpose: string }>;
    expect(icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
  });

  it('after one online visit it starts offline: personas and chats are there, navigation works', async () => {
    browser = await launchBrowser();
    const { page, context } = browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Grace Hopper', description: 'Rear admiral, compiler pioneer.', greeting: 'Hello, sailor.' });
    await newChat(page);
    await waitForControl(page);

    await context.setOffline(true);
    await page.reload();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    expect(await messageTexts(page)).toEqual(['Hello, sailor.']);
    await page.getByRole('link', { name: 'EGOS' }).click();
    await page.getByRole('link', { name: /Grace Hopper/ }).click();
    await page.getByRole('list', { name: 'Chats' }).getByRole('link').first().click();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.getByTestId('engine-link').click();
    await page.getByRole('heading', { name: 'Engine' }).waitFor();
    await page.getByTestId('storage-status').waitFor();
  });

  it('caches the lazily loaded engine chunk at first use, so the model list also opens offline', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page, context } = browser;
    await page.goto(baseUrl);
    await waitForControl(page);
    await page.goto(`${baseUrl}#/engine`);
    await page.getByTestId('model').first().waitFor({ timeout: 30_000 });
    const cached = await page.evaluate(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname), RUNTIME_CACHE);
    expect(cached.some((p) => /^\/assets\/.+\.js$/.test(p))).toBe(true);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('model').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('model').count()).toBeGreaterThan(4);
  });
});
