import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { DEFAULT_EMBEDDING_MODEL_ID } from '../../src/adapters/transformers/index.ts';
import { collectPageErrors, launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { serveTinyEmbeddingModel, type TinyModelServer } from '../support/tiny-embedding-model/serve-tiny-embedding-model.ts';
import { createPersona } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let models: TinyModelServer;
let browser: LaunchedBrowser;

interface Violation {
  directive: string;
  blocked: string;
}

/** Records every `securitypolicyviolation` event of the page, across reloads. */
async function recordViolations(page: Page): Promise<Violation[]> {
  const violations: Violation[] = [];
  await page.exposeBinding('reportCspViolation', (_source, v: Violation) => void violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { reportCspViolation(v: Violation): void }).reportCspViolation({ directive: e.effectiveDirective, blocked: e.blockedURI });
    });
  });
  return violations;
}

/** Records (in sessionStorage, so across reloads) the texts of progress elements that ever appeared. */
async function recordProgress(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen = (): string[] => JSON.parse(sessionStorage.getItem('progressSeen') ?? '[]') as string[];
    new MutationObserver(() => {
      const texts = [...document.querySelectorAll('[data-testid="semantic-progress-text"], [data-testid="embedding-progress"]')].map(
        (e) => e.textContent ?? '',
      );
      if (texts.length > 0) sessionStorage.setItem('progressSeen', JSON.stringify([...seen(), ...texts]));
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  return () => page.evaluate(() => JSON.parse(sessionStorage.getItem('progressSeen') ?? '[]') as string[]);
}

beforeAll(async () => {
  // The tiny model is served under the app's default model id, in the hub's layout.
  models = await serveTinyEmbeddingModel(DEFAULT_EMBEDDING_MODEL_ID);
});
afterAll(async () => {
  await models.close();
});
beforeEach(async () => {
  // A host that is not this machine as far as the page can tell: the connect policy must be widened (after a reload).
  browser = await launchBrowser({ args: ['--host-resolver-rules=MAP models.test 127.0.0.1'] });
});
afterEach(async () => {
  await browser.close();
});

describe('semantic search', () => {
  it('downloads the search model from a self-hosted host with progress, then embeds the memories', async () => {
    const { page } = browser;
    const violations = await recordViolations(page);
    const log = collectPageErrors(page);
    const progressSeen = await recordProgress(page);
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician.', greeting: 'Good evening.' });
    await page.getByRole('link', { name: 'Memory' }).click();
    await page.getByLabel('Add source material').fill('Ada studied the Analytical Engine. She kept a notebook of algebra. Her mother loved mathematics.');
    await page.getByRole('button', { name: 'Add text' }).click();
    await page.getByTestId('source-count').waitFor();

    const panel = page.getByTestId('semantic-search');
    await panel.getByText('~118 MB').first().waitFor();
    await panel.getByText('Advanced: model host').click();
    await panel.getByLabel(/Model host/).fill(models.url.replace('127.0.0.1', 'models.test'));
    await panel.getByRole('button', { name: /Turn on semantic search/ }).click();
    const reload = panel.getByRole('button', { name: 'Reload now' });
    const ready = panel.getByTestId('semantic-ready');
    await reload.click();
    await page.getByRole('heading', { name: /What Ada Lovelace remembers/ }).waitFor();
    await expect.poll(async () => (await panel.getByRole('alert').count()) === 0 && (await ready.count()) === 1, { timeout: 60_000 }).toBe(true);
    const seen = await progressSeen();
    expect(seen.some((t) => t.includes('Keyword search keeps working meanwhile'))).toBe(true);
    expect(seen.some((t) => /Embedding \d+ of \d+ memories/.test(t))).toBe(true);
    expect(models.requests.some((r) => r.includes('model_quantized.onnx'))).toBe(true);
    await page.getByTestId('embedding-progress').waitFor({ state: 'detached', timeout: 30_000 });

    const embedded = await page.evaluate(async () => {
      const dbs = await indexedDB.databases();
      const name = dbs.find((d) => d.name?.toLowerCase().includes('egos'))?.name ?? '';
      return new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('memories').objectStore('memories').getAll();
          req.onsuccess = () => resolve((req.result as { embedding?: { model: string } }[]).map((m) => m.embedding?.model ?? 'none'));
          req.onerror = () => reject(req.error);
        };
      });
    });
    expect(embedded.length).toBeGreaterThan(0);
    expect(new Set(embedded)).toEqual(new Set(['Xenova/multilingual-e5-small']));
    expect(violations).toEqual([]);
    expect(log.errors).toEqual([]);
  });
});
