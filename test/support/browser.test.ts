/**
 * Smoke test of the real-browser setup; it also documents the environment the e2e tests rely
 * on: headless Chromium with --disable-gpu has no WebGPU adapter, and --enable-unsafe-webgpu
 * gives a SwiftShader adapter without shader-f16. It also checks the premise of the OpenAI
 * adapter's CORS diagnosis: a CORS-blocked fetch fails with a TypeError while a `no-cors`
 * fetch to the same running server resolves.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPageErrors, launchBrowser, serveHtml, type HtmlServer } from './browser.ts';
import { startFixtureServer, type FixtureServer } from './openai-fixture-server.ts';

let page: HtmlServer;
let api: FixtureServer;
beforeAll(async () => {
  page = await serveHtml('<!doctype html><title>smoke</title><p>ok</p>');
  api = await startFixtureServer();
});
afterAll(async () => {
  await page.close();
  await api.close();
});

/** What the page's WebGPU reports. */
async function probeWebGpu(target: Page): Promise<{ adapter: boolean; f16?: boolean; architecture?: string }> {
  return target.evaluate(async () => {
    // Chromium 156 exposes navigator.gpu even without WebGPU support; only the adapter tells.
    const adapter = navigator.gpu ? await navigator.gpu.requestAdapter() : null;
    if (!adapter) return { adapter: false };
    return { adapter: true, f16: adapter.features.has('shader-f16'), architecture: adapter.info.architecture };
  });
}

describe('real browser (chromium)', () => {
  it('has no WebGPU adapter without the flag; CORS blocks but no-cors reaches the server', { timeout: 30_000 }, async () => {
    const browser = await launchBrowser();
    try {
      const log = collectPageErrors(browser.page, { ignore: [/blocked by CORS policy/, /Failed to load resource/] });
      await browser.page.goto(page.url);
      expect(await probeWebGpu(browser.page)).toEqual({ adapter: false });

      api.setScript({ cors: false });
      const blocked = await browser.page.evaluate(async (url) => {
        const cors = await fetch(`${url}/models`).then(
          () => 'ok',
          (error: unknown) => (error instanceof TypeError ? 'TypeError' : String(error)),
        );
        const probe = await fetch(`${url}/models`, { mode: 'no-cors' }).then((r) => r.type);
        return { cors, probe };
      }, api.baseUrl);
      expect(blocked).toEqual({ cors: 'TypeError', probe: 'opaque' });

      api.setScript({});
      const allowed = await browser.page.evaluate(async (url) => (await fetch(`${url}/models`)).json(), api.baseUrl);
      expect(allowed).toMatchObject({ data: [{ id: 'test-model' }] });
      expect(log.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('has a SwiftShader WebGPU adapter without shader-f16 with --enable-unsafe-webgpu', { timeout: 30_000 }, async () => {
    const browser = await launchBrowser({ webgpu: true });
    try {
      const log = collectPageErrors(browser.page);
      await browser.page.goto(page.url);
      expect(await probeWebGpu(browser.page)).toEqual({ adapter: true, f16: false, architecture: 'swiftshader' });
      expect(log.errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
