import { afterEach, describe, expect, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { serveDist, type TestServer } from './pwa-static-server.ts';
import { skipFirstRun } from './app-driver.ts';

let browser: LaunchedBrowser | undefined;
let server: TestServer | undefined;

afterEach(async () => {
  await browser?.close();
  await server?.close();
  browser = server = undefined;
});

describe('update prompt', () => {
  it('a new version waits until the user presses Reload, then takes over', async () => {
    let build = 1;
    server = await serveDist((path, text) => (path === 'sw.js' ? `${text}\n// build ${build}\n` : text));
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    await page.getByTestId('offline-ready').waitFor();
    // A new origin is a first visit: the first-run screen shows until skipped.
    await skipFirstRun(page);
    expect(await page.getByTestId('update-prompt').count()).toBe(0);

    build = 2;
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    const prompt = page.getByTestId('update-prompt');
    await prompt.waitFor({ timeout: 30_000 });
    expect(await prompt.innerText()).toMatch(/Update available/);
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(true);

    await page.evaluate(() => ((window as unknown as { beforeUpdate: boolean }).beforeUpdate = true));
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), prompt.getByRole('button', { name: 'Reload' }).click()]);
    await page.getByRole('heading', { name: 'Personas' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)).toBeUndefined();
    expect(await page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting)).toBe(false);
    expect(await page.getByTestId('update-prompt').count()).toBe(0);
  });
});
