import { readFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { fflateZip } from '../../src/adapters/zip/fflate-zip.ts';
import { importCard, placeholderPng } from '../../src/core/cards/index.ts';
import type { PersonaInit } from '../../src/core/persona/index.ts';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser.close();
});

const ICON = placeholderPng('Maren');
const BACKGROUND = new Uint8Array([0x52, 0x49, 0x46, 0x46, 4, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 9, 8, 7, 6]);

const card = {
  spec: 'chara_card_v3',
  spec_version: '3.0',
  data: {
    name: 'Maren',
    description: 'Keeper of the lighthouse at Vik. 灯塔看守人。',
    personality: 'Calm, dry humour.',
    scenario: 'A stormy night at the lighthouse.',
    first_mes: '*opens the door* "Come in out of the rain."',
    mes_example: '',
    creator_notes: 'CHARX test card.',
    system_prompt: '',
    post_history_instructions: '',
    alternate_greetings: ['"You again. Sit by the lamp."'],
    tags: ['lighthouse'],
    creator: 'tester',
    character_version: '2',
    extensions: { x_app: { keep: true } },
    group_only_greetings: [],
    assets: [
      { type: 'icon', uri: 'embeded://assets/icon/images/main.png', name: 'main', ext: 'png' },
      { type: 'background', uri: 'embeded://assets/background/images/storm.webp', name: 'main', ext: 'webp' },
    ],
  },
};

function charx(): Uint8Array {
  return zipSync({
    'card.json': new TextEncoder().encode(JSON.stringify(card)),
    'assets/icon/images/main.png': ICON,
    'assets/background/images/storm.webp': BACKGROUND,
    'x_app_data.json': new TextEncoder().encode('{"theme":"dark"}'),
  });
}

/** What must survive EGOS → CHARX → EGOS. */
function carried(init: PersonaInit) {
  return {
    name: init.name,
    description: init.description,
    greeting: init.greeting,
    alternateGreetings: init.alternateGreetings,
    scenario: init.scenario,
    tags: init.tags,
    avatar: init.avatar ? { mime: init.avatar.mime, bytes: [...init.avatar.bytes] } : null,
    iconPath: init.card?.iconPath,
    packedFiles: init.card?.packedFiles?.map((f) => ({ path: f.path, bytes: [...f.bytes] })),
    assets: init.card?.unknownFields.assets,
    characterVersion: init.card?.unknownFields.character_version,
    extensions: init.card?.extensions,
  };
}

async function importFile(name: string, bytes: Uint8Array): Promise<void> {
  await browser.page.getByLabel('Import card').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
}

describe('CHARX cards in the app', () => {
  it('imports a .charx with its picture, exports CHARX, and the export re-imports equal', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await importFile('maren.charx', charx());
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Maren');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Maren', exact: true }).waitFor();
    await page.locator('[data-testid="avatar"][data-kind="picture"]').first().waitFor();

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CHARX' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('Maren.charx');
    const bytes = new Uint8Array(await readFile(await download.path()));
    const original = importCard(charx(), 'maren.charx', fflateZip).persona;
    const again = importCard(bytes, 'Maren.charx', fflateZip).persona;
    expect(carried(again)).toEqual(carried(original));
    expect(again.avatar?.bytes).toEqual(ICON);

    await page.goto(baseUrl);
    await importFile('Maren.charx', bytes);
    // The same character is stored already: keep both, and review the card read back.
    await page.getByTestId('duplicate-question').getByRole('button', { name: 'Keep both' }).click();
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Maren');
    expect(await page.getByLabel('Greeting', { exact: true }).inputValue()).toBe(card.data.first_mes);
  });

  it('refuses a zip bomb, a path leaving the card and a zip without card.json, naming each, and stores nothing', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    const bomb = zipSync({ 'card.json': new TextEncoder().encode(JSON.stringify(card)), 'zeros.bin': new Uint8Array(8 * 1024 * 1024) });
    await importFile('bomb.charx', bomb);
    await page.getByTestId('import-error').getByText('"bomb.charx": "zeros.bin" in this CHARX card is compressed').waitFor();
    await importFile('evil.charx', zipSync({ 'card.json': new TextEncoder().encode(JSON.stringify(card)), '../evil.sh': new Uint8Array([1]) }));
    await page.getByTestId('import-error').getByText('"evil.charx": This CHARX card holds a file named "../evil.sh"').waitFor();
    await importFile('empty.charx', zipSync({ 'readme.txt': new TextEncoder().encode('no card here') }));
    await page.getByTestId('import-error').getByText('"empty.charx": This ZIP archive has no card.json').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Personas' }).waitFor();
    await page.getByText(/^No personas yet/).waitFor();
  });
});
