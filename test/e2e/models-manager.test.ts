import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { serveFiles, type TestServer } from './pwa-static-server.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser | undefined;
let models: TestServer;

const json = (value: unknown) => ({ body: JSON.stringify(value), type: 'application/json' });

beforeAll(async () => {
  models = await serveFiles({
    '/qwen-mine/resolve/main/mlc-chat-config.json': json({ model_type: 'qwen3', quantization: 'q4f32_1', context_window_size: 8192, conv_template: {} }),
    '/qwen-mine/resolve/main/tensor-cache.json': json({
      records: [
        { dataPath: 'params_shard_0.bin', nbytes: 100_000_000 },
        { dataPath: 'params_shard_1.bin', nbytes: 23_000_000 },
      ],
    }),
    '/libs/qwen-mine-webgpu.wasm': { body: 'wasm', type: 'application/wasm' },
  });
});
afterAll(async () => {
  await models.close();
});
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('model manager', () => {
  it('describes every model, recommends one for this device, and shows storage with its risks', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page } = browser;
    await page.goto(`${baseUrl}#/engine`);
    await page.getByTestId('model').first().waitFor({ timeout: 30_000 });

    const recommended = page.locator('[data-testid="model"][data-recommended="true"]');
    expect(await recommended.count()).toBe(1);
    expect(await recommended.getAttribute('data-model-id')).toBe('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    // The reason is folded: the summary says what, one click says why.
    const recommendation = page.getByTestId('recommendation');
    expect(await recommendation.innerText()).toMatch(/^Recommended for this device: Qwen2.5 0.5B \(q4f32_1\)\.$/);
    await recommendation.locator('summary').click();
    expect(await recommendation.innerText()).toMatch(/Recommended for this device: Qwen2.5 0.5B \(q4f32_1\).*software GPU/s);
    // One row per model, the build this device runs preselected, a line on what it is good for.
    expect(await recommended.getByTestId('model-note').innerText()).toMatch(/Best quality this device runs comfortably/);
    expect(await recommended.getByTestId('model-facts').isVisible()).toBe(false);
    await recommended.locator('summary').click();
    const facts = await recommended.getByTestId('model-facts').innerText();
    expect(facts).toMatch(/0\.5 billion parameters · q4f32_1: 4-bit weights, 32-bit maths/);
    expect(facts).toMatch(/Download ≈ \d+ MB · needs ≈ 1\.0 GB GPU memory · 4096 tokens of context/);
    expect(await recommended.getByText('Fits this device.').count()).toBe(1);

    const status = page.getByTestId('storage-status');
    expect(await status.getByTestId('storage-usage').innerText()).toMatch(/EGOS uses .+ of the .+ this browser allows it; .+ free\./);
    expect(await status.innerText()).toMatch(/Back up your data/);
    expect(await status.getByRole('link', { name: 'Back up your data' }).getAttribute('href')).toBe('#/data');
    if (await status.getByTestId('storage-not-persisted').count()) {
      expect(await status.getByTestId('storage-not-persisted').innerText()).toMatch(/may delete the data .* without asking/s);
      await status.getByRole('button', { name: 'Ask the browser to keep my data' }).click();
      await page.locator('[data-testid="storage-persisted"], [data-testid="storage-status"] [role="status"]').first().waitFor();
    }
  });

  it('fits one screen with the details folded, and shows the builds that cannot run here on request', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page } = browser;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${baseUrl}#/engine`);
    await page.getByTestId('model').first().waitFor({ timeout: 30_000 });
    const picker = page.getByTestId('model-picker');
    const height = await picker.evaluate((el) => el.getBoundingClientRect().height);
    expect(height).toBeLessThanOrEqual(800);
    // The software adapter lacks shader-f16: only the q4f32 builds show, one row per model.
    const rows = page.getByTestId('model');
    const ids = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-model-id')));
    expect(ids.length).toBeGreaterThan(3);
    expect(ids.every((id) => id?.includes('q4f32'))).toBe(true);
    expect(await page.getByTestId('unusable').count()).toBe(0);

    const toggle = page.getByTestId('show-all');
    expect(await toggle.innerText()).toMatch(/^Show all \(\d+ more builds that cannot run here\)$/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const unusable = page.getByTestId('unusable');
    expect(await unusable.count()).toBe(ids.length);
    expect(await unusable.first().innerText()).toMatch(/^q4f16_1: .*shader-f16.*q4f32/);
    expect(await toggle.innerText()).toBe('Show only what runs here');
    await toggle.click();
    expect(await page.getByTestId('unusable').count()).toBe(0);
  });

  it('warns before a download that does not fit the storage the browser allows', async () => {
    browser = await launchBrowser({ webgpu: true });
    const { page } = browser;
    // Headless Chromium grants gigabytes; stand in for a nearly full device (150 MB free).
    await page.addInitScript(() => {
      Object.defineProperty(StorageManager.prototype, 'estimate', { value: async () => ({ usage: 50_000_000, quota: 200_000_000 }) });
    });
    await page.goto(`${baseUrl}#/engine`);
    const small = page.locator('[data-testid="model"][data-model-id="Qwen2.5-0.5B-Instruct-q4f32_1-MLC"]');
    await small.getByTestId('storage-warning').waitFor({ timeout: 30_000 });
    expect(await small.getByTestId('storage-warning').innerText()).toMatch(
      /Not enough space: this download needs about \d+ MB but the browser lets EGOS use only 150 MB more/,
    );
    expect(await page.getByTestId('storage-usage').innerText()).toBe('EGOS uses 50 MB of the 200 MB this browser allows it; 150 MB free.');
    expect(await small.getByRole('button', { name: 'Download anyway' }).isEnabled()).toBe(true);
  });

  it('adds a self-hosted model after checking its files, and says which file is missing', async () => {
    // Another site as far as the page can tell: adding it reloads the page so the CSP allows it.
    browser = await launchBrowser({ webgpu: true, args: ['--host-resolver-rules=MAP models.test 127.0.0.1'] });
    const { page } = browser;
    const host = models.url.replace('127.0.0.1', 'models.test');
    await page.goto(`${baseUrl}#/engine`);
    await page.getByTestId('model').first().waitFor({ timeout: 30_000 });
    await page.getByText('Add a self-hosted model').click();
    await page.getByLabel('Model id').fill('qwen-mine-1.7B-q4f32_1-MLC');
    await page.getByLabel('Weights URL').fill(`${host}qwen-mine`);
    await page.getByLabel('Model library URL (.wasm)').fill(`${host}libs/qwen-mine-webgpu.wasm`);
    await page.getByRole('button', { name: 'Check files and add' }).click();

    const mine = page.locator('[data-testid="model"][data-model-id="qwen-mine-1.7B-q4f32_1-MLC"]');
    await mine.waitFor({ timeout: 30_000 });
    expect(await mine.innerText()).toMatch(/Self-hosted/);
    await mine.locator('summary').click();
    // Its config says 8192; the engine gets 4096 like the built-in models (a whole-window KV cache), and the facts say so.
    expect(await mine.getByTestId('model-facts').innerText()).toMatch(/Download ≈ 123 MB · needs ≈ unknown GPU memory · 4096 tokens of context/);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').nth(1).getAttribute('content')).toContain(new URL(host).origin);
    expect(models.requests).toEqual(
      expect.arrayContaining([
        'GET /qwen-mine/resolve/main/mlc-chat-config.json',
        'GET /qwen-mine/resolve/main/tensor-cache.json',
        'HEAD /libs/qwen-mine-webgpu.wasm',
      ]),
    );

    await page.getByText('Add a self-hosted model').click();
    await page.getByLabel('Model id').fill('broken-model');
    await page.getByLabel('Weights URL').fill(`${host}nothing-here/`);
    await page.getByLabel('Model library URL (.wasm)').fill(`${host}libs/qwen-mine-webgpu.wasm`);
    await page.getByRole('button', { name: 'Check files and add' }).click();
    const error = page.getByTestId('custom-model-error');
    await error.waitFor();
    expect(await error.innerText()).toContain(`was not found at ${host}nothing-here/resolve/main/mlc-chat-config.json (404)`);
    expect(await page.locator('[data-model-id="broken-model"]').count()).toBe(0);

    await mine.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
    await mine.waitFor({ state: 'detached' });
  });
});
