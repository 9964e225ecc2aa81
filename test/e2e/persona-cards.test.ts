import { readFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { exportCardPng, importCard } from '../../src/core/cards/index.ts';
import type { PersonaInit } from '../../src/core/persona/index.ts';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { createPersona, newChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser.close();
});

const daiyu: PersonaInit = {
  name: '林黛玉',
  language: 'zh',
  description: '潇湘馆的主人，才情出众，多愁善感。',
  greeting: '你来了。今日可曾读书？',
  alternateGreetings: ['又是你。', '今日风大，进来坐吧。'],
  scenario: '大观园，潇湘馆。',
  tags: ['红楼梦', 'classic'],
  creator: 'tester',
  creatorNotes: 'Made for the import test. 仅供测试，不发给模型。',
  boundary: { era: '清代，大观园', knows: '诗词', cannotKnow: ['电话', '互联网'] },
  lore: [
    {
      id: 'lore-1',
      keys: ['宝玉', '贾宝玉'],
      secondaryKeys: [],
      selective: false,
      content: '宝玉是她的表哥，两人情投意合。',
      enabled: true,
      constant: false,
      caseSensitive: false,
      insertionOrder: 0,
      extra: {},
    },
  ],
};

/** The fields a card carries that the test compares after a round trip. */
function cardFields(init: PersonaInit) {
  return {
    name: init.name,
    language: init.language,
    description: init.description,
    greeting: init.greeting,
    alternateGreetings: init.alternateGreetings,
    scenario: init.scenario,
    tags: init.tags,
    creator: init.creator,
    creatorNotes: init.creatorNotes,
    boundary: init.boundary,
    lore: init.lore?.map((l) => ({ keys: l.keys, content: l.content, enabled: l.enabled, constant: l.constant })),
  };
}

/** Elements hostile card text would create if it were rendered as HTML. */
async function injectedElements(): Promise<number> {
  return browser.page.locator('main img, main script, main svg, main iframe, main a[href^="javascript"]').count();
}

async function importFile(name: string, mimeType: string, bytes: Uint8Array | string): Promise<void> {
  const buffer = Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  await browser.page.getByLabel('Import card').setInputFiles({ name, mimeType, buffer });
}

describe('character cards in the app', () => {
  it('imports a PNG card for review, saves it, shows it, and exports a PNG that re-imports the same', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await importFile('daiyu.png', 'image/png', exportCardPng(daiyu));
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('林黛玉');
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe(daiyu.description);
    await page.getByText('Greetings, examples and scenario').click();
    expect(await page.getByLabel('Alternate greeting 2').inputValue()).toBe('今日风大，进来坐吧。');
    await page.getByText('Lore book (1)').click();
    expect(await page.getByLabel('Content of entry 1').inputValue()).toBe('宝玉是她的表哥，两人情投意合。');

    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: '林黛玉', exact: true }).waitFor();
    const notes = page.getByTestId('creator-notes');
    expect(await notes.innerText()).toContain('never sent to the model');
    expect(await notes.innerText()).toContain('仅供测试，不发给模型。');
    await page.getByText('More about 林黛玉').click();
    const details = page.getByTestId('persona-details');
    for (const text of ['今日风大，进来坐吧。', '大观园，潇湘馆。', '清代，大观园', '电话 · 互联网', '1 entry (1 enabled)', '红楼梦, classic']) {
      await details.getByText(text).waitFor();
    }

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export PNG' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('林黛玉.png');
    const bytes = new Uint8Array(await readFile(await download.path()));
    expect(cardFields(importCard(bytes, 'again.png').persona)).toEqual(cardFields(daiyu));

    await page.goto(baseUrl);
    await importFile('again.png', 'image/png', bytes);
    // The same card again: the app asks first (see user-personas-avatars.test.ts for every answer).
    await page.getByTestId('duplicate-question').getByRole('button', { name: 'Keep both' }).click();
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('林黛玉');
    expect(await page.getByLabel('Greeting', { exact: true }).inputValue()).toBe(daiyu.greeting);
  });

  it('exports V3 JSON', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Good evening.' });
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Ada.json');
    const json = JSON.parse(await readFile(await download.path(), 'utf8')) as { spec: string; data: { name: string; first_mes: string } };
    expect(json).toMatchObject({ spec: 'chara_card_v3', data: { name: 'Ada', first_mes: 'Good evening.' } });
  });

  it('names the problem with a bad file and leaves the persona list unchanged', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Hello.' });
    await page.goto(baseUrl);
    await importFile('notes.png', 'image/png', 'hello, this is not a picture');
    await page.getByTestId('import-error').getByText('"notes.png": This file is named .png but is not a PNG image').waitFor();
    await importFile('card.json', 'application/json', '{"name": "Broken", ');
    await page.getByTestId('import-error').getByText('"card.json": The character data is not valid JSON').waitFor();
    expect(await page.getByRole('list', { name: 'Persona list' }).getByRole('listitem').allInnerTexts()).toEqual([expect.stringContaining('Ada')]);

    await importFile('daiyu.png', 'image/png', exportCardPng(daiyu));
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Personas' }).waitFor();
    await page.reload();
    await page.getByRole('link', { name: /Ada/ }).waitFor();
    expect(await page.getByRole('list', { name: 'Persona list' }).getByRole('listitem').count()).toBe(1);
  });

  it('shows hostile HTML from a card as text and never runs it', async () => {
    const { page } = browser;
    const img = '<img src=x onerror="window.__pwned=1">';
    const script = '<script>window.__pwned=1</script>';
    const link = '<a href="javascript:window.__pwned=1">click me</a>';
    const card = {
      spec: 'chara_card_v2',
      spec_version: '2.0',
      data: {
        name: `Mallory ${img}`,
        description: img,
        personality: script,
        scenario: link,
        first_mes: `Hi ${script}${img}`,
        mes_example: link,
        creator_notes: `${link} ${img}`,
        alternate_greetings: [script],
        tags: [img],
        creator: script,
        character_book: { entries: [{ keys: [img], content: script, enabled: true, insertion_order: 0 }] },
      },
    };
    await page.goto(baseUrl);
    await importFile('mallory.json', 'application/json', JSON.stringify(card));
    await page
      .getByTestId('import-warnings')
      .getByText(/HTML or script in: .*description/)
      .waitFor();
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe(img);
    await page.getByText('Tags and credits').click();
    await page.getByTestId('creator-notes').getByText(`${link} ${img}`).waitFor();
    expect(await injectedElements()).toBe(0);
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: `Mallory ${img}`, exact: true }).waitFor();
    await page.getByText(img, { exact: true }).first().waitFor();
    await page.getByText('More about').click();
    await page.getByTestId('persona-details').getByText(link).waitFor();
    await page.getByTestId('creator-notes').getByText(`${link} ${img}`).waitFor();
    expect(await injectedElements()).toBe(0);
    await newChat(page);
    await page.getByTestId('message').first().waitFor();
    expect(await injectedElements()).toBe(0);
    await page.goto(baseUrl);
    await page.getByRole('link', { name: /Mallory/ }).waitFor();
    await page.waitForTimeout(200);
    expect(await injectedElements()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('fits a phone-width screen while reviewing an import and on the persona page', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(baseUrl);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await importFile('daiyu.png', 'image/png', exportCardPng({ ...daiyu, description: '很长的描述'.repeat(80) }));
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    for (const summary of await page.locator('form details > summary').all()) await summary.click();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByText('More about 林黛玉').click();
    await page.getByTestId('persona-details').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });
});
