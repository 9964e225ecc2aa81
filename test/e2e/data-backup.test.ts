import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { createBackup, serializeBackup } from '../../src/core/backup/create-backup.ts';
import { emptyBackupData } from '../../src/core/backup/backup-format.ts';
import type { PersonaId } from '../../src/core/ids.ts';
import { createPersona as newPersona } from '../../src/core/persona/index.ts';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer } from '../support/openai-fixture-server.ts';
import { createPersona, messageTexts, send, startChat } from './app-driver.ts';
import type { Page } from 'playwright-core';

const baseUrl = inject('baseUrl');
const API_KEY = 'sk-e2e-very-secret-key';
let server: FixtureServer;
const browsers: LaunchedBrowser[] = [];

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setScript({ apiKey: API_KEY });
});
afterEach(async () => {
  await Promise.all(browsers.splice(0).map((b) => b.close()));
});

async function open(): Promise<Page> {
  const browser = await launchBrowser();
  browsers.push(browser);
  await browser.page.goto(baseUrl);
  return browser.page;
}

async function downloadBackup(page: Page): Promise<{ path: string; text: string }> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download backup' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^egos-backup-\d{4}-\d{2}-\d{2}\.json$/);
  const path = await download.path();
  return { path, text: await readFile(path, 'utf8') };
}

async function restoreFile(page: Page, name: string, text: string): Promise<void> {
  await page.getByLabel('Restore from file').setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text, 'utf8') });
}

function personaNames(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Persona list' }).getByRole('listitem').allInnerTexts();
}

describe('backup and restore in the app', () => {
  it('downloads everything without the API key, and restores it into a fresh browser profile', async () => {
    const page = await open();
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await page.getByTestId('engine-link').click();
    await page.getByLabel('Base URL').fill(server.baseUrl);
    await page.getByLabel('Model name').fill('test-model');
    await page.getByLabel(/API key/).fill(API_KEY);
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByTestId('endpoint-ready').waitFor();
    await startChat(page, 'Ada Lovelace');
    server.setScript({ apiKey: API_KEY, tokens: ['Ada Lovelace: "', '*smiles* The ', 'Engine ', 'weaves."'] });
    await send(page, 'What do you do?');
    await page.locator('[data-status="complete"]', { hasText: 'Engine weaves.' }).waitFor();
    const chatUrl = page.url();

    await page.getByTestId('data-link').click();
    await page.getByRole('heading', { name: 'Your data' }).waitFor();
    const plain = await downloadBackup(page);
    expect(plain.text).not.toContain(API_KEY);
    const file = JSON.parse(plain.text) as {
      format: string;
      includesApiKeys: boolean;
      data: { personas: Array<{ name: string }>; messages: unknown[]; settings: Array<{ key: string }> };
    };
    expect(file).toMatchObject({ format: 'egos-backup', includesApiKeys: false });
    expect(file.data.personas.map((p) => p.name)).toEqual(['Ada Lovelace']);
    expect(file.data.messages).toHaveLength(3);
    expect(file.data.settings.map((s) => s.key)).toContain('engine');

    await page.getByLabel('Include API keys').check();
    await page.getByTestId('api-key-warning').waitFor();
    expect((await downloadBackup(page)).text).toContain(API_KEY);

    const fresh = await open();
    await fresh.getByTestId('data-link').click();
    await restoreFile(fresh, 'my-backup.json', plain.text);
    const result = fresh.getByTestId('restore-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/^Restored 1 persona, 1 chat, 3 messages, \d+ settings?\.\n/);
    expect(await result.innerText()).toMatch(/no API keys/);
    await fresh.getByRole('link', { name: 'EGOS' }).click();
    expect(await personaNames(fresh)).toEqual([expect.stringContaining('Ada Lovelace')]);
    await fresh.goto(new URL(new URL(chatUrl).hash, baseUrl).href);
    await fresh.getByTestId('message').nth(2).waitFor();
    expect(await messageTexts(fresh)).toEqual(['Good evening.', 'What do you do?', 'smiles The Engine weaves.']);
    expect(await fresh.getByTestId('message').nth(2).locator('em').innerText()).toBe('smiles');
  });

  it('a foreign or damaged file changes nothing; a non-empty library is asked merge or replace', async () => {
    const page = await open();
    await createPersona(page, { name: 'Basho', description: 'Poet.', greeting: 'An old pond.' });
    await page.getByTestId('data-link').click();
    const error = page.getByTestId('restore-error');

    await restoreFile(page, 'card.json', JSON.stringify({ spec: 'chara_card_v3', data: { name: 'X' } }));
    await error.getByText(/character card, not an EGOS backup/).waitFor();
    const data = emptyBackupData();
    data.personas.push(newPersona({ name: 'Li Bai', greeting: '举杯邀明月。' }, 'li-bai' as PersonaId, 1));
    const valid = serializeBackup(createBackup(data, { includeApiKeys: false, now: Date.UTC(2025, 0, 1) }).file);
    await restoreFile(page, 'cut.json', valid.slice(0, valid.length / 2));
    await error.getByText(/incomplete/).waitFor();
    await restoreFile(page, 'edited.json', valid.replace('"name":"Li Bai"', '"name":42'));
    await error.getByText(/personas\[0\]\.name should be text/).waitFor();
    await page.getByRole('link', { name: 'EGOS' }).click();
    await expect.poll(() => personaNames(page)).toEqual([expect.stringContaining('Basho')]);

    await page.getByTestId('data-link').click();
    await restoreFile(page, 'li-bai.json', valid);
    await page.getByTestId('restore-choice').getByText('1 persona').waitFor();
    await page.getByRole('button', { name: /^Merge/ }).click();
    await page.getByTestId('restore-result').getByText('Restored 1 persona.').waitFor();

    await restoreFile(page, 'li-bai.json', valid);
    await page.getByRole('button', { name: /^Merge/ }).click();
    await page.getByTestId('restore-result').getByText('Kept as they were here (same id already present): 1 persona.').waitFor();
    await page.getByRole('link', { name: 'EGOS' }).click();
    await expect.poll(async () => (await personaNames(page)).sort()).toEqual([expect.stringContaining('Basho'), expect.stringContaining('Li Bai')]);

    await page.getByTestId('data-link').click();
    await restoreFile(page, 'li-bai.json', valid);
    await page.getByRole('button', { name: 'Replace everything here' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Replace' }).click();
    await page
      .getByTestId('restore-result')
      .getByText(/replaced/)
      .waitFor();
    await page.getByRole('link', { name: 'EGOS' }).click();
    await expect.poll(() => personaNames(page)).toEqual([expect.stringContaining('Li Bai')]);
  });
});
