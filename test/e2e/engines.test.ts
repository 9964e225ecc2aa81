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
    const f16 = page.locator('[data-testid="model"][data-model-id*="q4f16"]');
    const f32 = page.locator('[data-testid="model"][data-model-id*="q4f32"]');
    expect(await f16.count()).toBeGreaterThan(3);
    expect(await f32.count()).toBeGreaterThan(3);
    for (const usable of await f16.evaluateAll((els) => els.map((e) => e.getAttribute('data-usable')))) expect(usable).toBe('false');
    expect(await f16.first().getByTestId('unusable').innerText()).toMatch(/shader-f16.*q4f32/);
    expect(await f16.first().getByRole('button').isDisabled()).toBe(true);

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
