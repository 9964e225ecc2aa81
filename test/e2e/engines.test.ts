import { afterEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('engine availability', () => {
  it('explains in plain words when there is no WebGPU, and offers the endpoint option', async () => {
    browser = await launchBrowser();
    const { page } = browser;
    await page.goto(`${baseUrl}#/engine`);
    const notice = page.getByTestId('no-webgpu');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toMatch(/no WebGPU/);
    expect(text).toMatch(/Chrome or Edge/);
    expect(text).toMatch(/model server you run yourself/);
    await page.getByRole('heading', { name: 'Your own model server' }).waitFor();
  });

  it('with a software WebGPU adapter: q4f16 models are marked unusable, and a load fails with a clear download message', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page } = browser;
    await page.goto(`${baseUrl}#/engine`);
    const models = page.getByTestId('model');
    await models.first().waitFor({ timeout: 30_000 });
    // One row per model with the q4f32 build preselected; the q4f16 builds show, with why, after "Show all".
    const rows = page.locator('[data-testid="model"]');
    expect(await rows.count()).toBeGreaterThan(3);
    for (const id of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-model-id')))) expect(id).toMatch(/q4f32/);
    await page.getByRole('button', { name: /^Show all/ }).click();
    const f16 = page.locator('[data-testid="unusable"][data-model-id*="q4f16"]');
    expect(await f16.count()).toBeGreaterThan(3);
    expect(await f16.first().innerText()).toMatch(/shader-f16.*q4f32/);

    const small = page.locator('[data-testid="model"][data-model-id^="Qwen2.5-0.5B-Instruct-q4f32"]');
    await small.getByRole('button', { name: /load/i }).click();
    const error = small.getByTestId('load-error');
    await error.waitFor({ timeout: 30_000 });
    expect(await error.innerText()).toMatch(/Downloading Qwen2.5-0.5B-Instruct-q4f32_1-MLC failed: a file could not be fetched.*press Retry/s);
    await small.getByRole('button', { name: 'Delete cached files' }).waitFor();
    await small.getByRole('button', { name: 'Retry', exact: true }).waitFor();
    await small.getByRole('button', { name: 'Delete and retry' }).waitFor();
  });
});
