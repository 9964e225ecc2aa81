import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { importBook } from '../../src/core/lore/book-file.ts';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { createPersona, headerLink, newChat, openChatTools } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser;

beforeEach(async () => {
  browser = await launchBrowser();
});
afterEach(async () => {
  await browser.close();
});

const ELDORIA_PATH = join(import.meta.dirname, '../fixtures/lore/eldoria.world.json');
const NEW_CONTENT = 'Queen Maelis the Patient has ruled for twenty years now. 她只戴一枚河铁戒指。';

async function eldoria(): Promise<Buffer> {
  return readFile(ELDORIA_PATH);
}

async function openBooks(page: Page): Promise<void> {
  await headerLink(page, 'books-link');
  await page.getByRole('heading', { level: 1, name: 'World books' }).waitFor();
}

/** The book's row on the World books screen. */
function bookItem(page: Page, name: string) {
  return page.getByTestId('book-item').filter({ has: page.getByRole('link', { name, exact: true }) });
}

/** A record as stored in IndexedDB (to know a change was written before the page reloads). */
async function stored(page: Page, table: 'settings' | 'personas' | 'chats', key: string): Promise<Record<string, unknown> | undefined> {
  return page.evaluate(
    async ({ table, key }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('egos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const record = await new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
        const get = db.transaction(table).objectStore(table).get(key);
        get.onsuccess = () => resolve(get.result as Record<string, unknown> | undefined);
        get.onerror = () => reject(get.error);
      });
      db.close();
      return record;
    },
    { table, key },
  );
}

/** The id after `/<part>/` in the page's address. */
function idInUrl(page: Page, part: string): string {
  return decodeURIComponent(new RegExp(`/${part}/([^/?#]+)`).exec(page.url())?.[1] ?? '');
}

/** The page does not scroll sideways at its current width. */
async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

describe('world books', () => {
  it('imports Eldoria on the Books screen, edits and searches entries (Chinese too), exports and re-imports the same', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await openBooks(page);
    await page.getByLabel('Import book').setInputFiles({ name: 'eldoria.world.json', mimeType: 'application/json', buffer: await eldoria() });
    await expect.poll(() => page.getByTestId('book-imported').innerText()).toContain('Imported the world book “eldoria” (11 entries).');
    expect(await bookItem(page, 'eldoria').getByTestId('book-count').innerText()).toBe('11 entries');

    await page.getByLabel('Search all books').fill('码头');
    expect(await page.getByTestId('books-search-count').innerText()).toBe('1 entry found');
    await page.getByRole('list', { name: 'Search all books' }).getByText('月影茶馆（中文条目）', { exact: false }).waitFor();

    await bookItem(page, 'eldoria').getByRole('link', { name: 'eldoria' }).click();
    await page.getByRole('heading', { level: 1, name: 'eldoria' }).waitFor();
    await page.getByRole('heading', { name: 'Entries (11)' }).waitFor();
    expect(await page.getByTestId('book-entry').count()).toBe(11);

    await page.getByLabel('Search entries').fill('码头');
    expect(await page.getByTestId('book-search-count').innerText()).toBe('Showing 1 of 11.');
    await page.getByTestId('book-entry').getByText('月影茶馆（中文条目）').click();
    expect(await page.getByLabel('Content').inputValue()).toContain('月影茶馆开在银堡码头边');
    await page.getByLabel('Search entries').fill('DRAGON centuries');
    expect(await page.getByTestId('book-search-count').innerText()).toBe('Showing 1 of 11.');
    await page.getByLabel('Search entries').fill('maelis');
    expect(await page.getByTestId('book-search-count').innerText()).toBe('Showing 2 of 11.');

    await page.getByTestId('book-entry').getByText('Queen Maelis').click();
    const queen = page.getByTestId('book-entry').filter({ hasText: 'Queen Maelis' });
    expect(await queen.getByLabel('Secondary keys, one per line').inputValue()).toBe('crown\nthrone\ncourt');
    expect(await queen.getByLabel('With secondary keys, fire').inputValue()).toBe('and-any');
    await queen.getByLabel('Content').fill(NEW_CONTENT);
    await queen.getByLabel('Chance to fire, in % (blank: always)').fill('80');
    await page.getByRole('button', { name: 'Save book' }).click();
    await page.getByText('Saved.').waitFor();

    await page.reload();
    await page.getByLabel('Search entries').fill('twenty years');
    await page.getByTestId('book-entry').getByText('Queen Maelis').click();
    expect(await page.getByLabel('Content').inputValue()).toBe(NEW_CONTENT);
    expect(await page.getByLabel('Chance to fire, in % (blank: always)').inputValue()).toBe('80');

    await openBooks(page);
    const downloading = page.waitForEvent('download');
    await bookItem(page, 'eldoria').getByRole('button', { name: 'Export “eldoria” as SillyTavern World Info' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('eldoria.json');
    const exported = await readFile(await download.path());
    const original = importBook(new Uint8Array(await eldoria()), 'eldoria.world.json').book;
    const expected = (original.entries ?? []).map((e) => (e.comment === 'Queen Maelis' ? { ...e, content: NEW_CONTENT, probability: 80 } : e));
    const back = importBook(new Uint8Array(exported), 'eldoria.json').book;
    expect(back.name).toBe('eldoria');
    expect(back.entries).toEqual(expected);

    await page.getByLabel('Import book').setInputFiles({ name: 'eldoria.json', mimeType: 'application/json', buffer: exported });
    await expect.poll(() => page.getByTestId('book-item').count()).toBe(2);
    for (const count of await page.getByTestId('book-count').allInnerTexts()) expect(count).toBe('11 entries');
  });

  it('refuses a malformed or foreign file with its reason and adds nothing', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await openBooks(page);
    await page.getByLabel('Import book').setInputFiles({ name: 'eldoria.world.json', mimeType: 'application/json', buffer: await eldoria() });
    await page.getByTestId('book-imported').waitFor();
    await page
      .getByLabel('Import book')
      .setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"entries": {"0": {"key": ["Veil"], "order": "first"}}}') });
    await expect
      .poll(() => page.getByTestId('books-error').innerText())
      .toContain('"broken.json": The book\'s field "entries["0"].order" should be a number but is text.');
    await page.getByLabel('Import book').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": "world"}') });
    await expect.poll(() => page.getByTestId('books-error').innerText()).toContain('"notes.json": This JSON file is not a world book EGOS reads.');
    await page.getByLabel('Import book').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: (await eldoria()).subarray(0, 200) });
    await expect.poll(() => page.getByTestId('books-error').innerText()).toContain('"cut.json": This file is not valid JSON');
    await page.reload();
    await page.getByTestId('book-item').first().waitFor();
    expect(await page.getByTestId('book-item').count()).toBe(1);
  });

  it('imports a world book from the persona list\'s "Import card", and links to it', async () => {
    const { page } = browser;
    await page.goto(baseUrl);
    await page.getByLabel('Import card').setInputFiles({ name: 'eldoria.world.json', mimeType: 'application/json', buffer: await eldoria() });
    const notice = page.getByTestId('book-imported');
    await expect.poll(() => notice.innerText()).toContain('This file was a world book: imported “eldoria” (11 entries).');
    expect(await page.getByTestId('import-error').count()).toBe(0);
    await notice.getByRole('link', { name: 'Open it' }).click();
    await page.getByRole('heading', { level: 1, name: 'eldoria' }).waitFor();
    await page.getByRole('heading', { name: 'Entries (11)' }).waitFor();
  });

  it('attaches a book to a persona and to one chat, globally too, and it all fits a 360 px screen', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(baseUrl);
    await openBooks(page);
    await page.getByLabel('Import book').setInputFiles({ name: 'eldoria.world.json', mimeType: 'application/json', buffer: await eldoria() });
    await page.getByTestId('book-imported').waitFor();
    await page.getByRole('button', { name: 'New book' }).click();
    await page.getByRole('heading', { level: 1, name: 'New world book' }).waitFor();
    await page.getByLabel('Book name').fill('海港传闻');
    await page.getByRole('button', { name: 'Add entry' }).click();
    await page.getByLabel('Keys, one per line', { exact: true }).fill('码头\n/fog(gy)?/i');
    await page.getByLabel('Content').fill('港口每天早上都有雾。');
    await page.getByLabel('Position in the prompt').selectOption('at-depth');
    await page.getByLabel('Depth (messages back from the newest; 0 is after it)').fill('1');
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('button', { name: 'Save book' }).click();
    await page.getByText('Saved.').waitFor();
    await page.getByRole('heading', { level: 1, name: '海港传闻' }).waitFor();

    await openBooks(page);
    expect(await fitsWidth(page)).toBe(true);
    await page.getByRole('checkbox', { name: '“海港传闻” on in every chat' }).check();
    await expect.poll(async () => ((await stored(page, 'settings', 'books'))?.value as { global: string[] } | undefined)?.global.length).toBe(1);

    await page.goto(baseUrl);
    await createPersona(page, { name: 'Maren', description: 'Keeper of the harbour light.', greeting: '*She looks up.* "You came by the Old Road?"' });
    const section = page.getByTestId('persona-books');
    await section.getByRole('checkbox', { name: 'eldoria' }).check();
    await expect.poll(async () => ((await stored(page, 'personas', idInUrl(page, 'persona')))?.bookIds as string[] | undefined)?.length).toBe(1);
    await page.reload();
    await expect.poll(() => page.getByTestId('persona-books').getByRole('checkbox', { name: 'eldoria' }).isChecked()).toBe(true);
    expect(await fitsWidth(page)).toBe(true);

    await newChat(page);
    await openChatTools(page);
    const panel = page.getByTestId('chat-books');
    await panel.getByText('World books (2)').click();
    expect(await panel.getByRole('checkbox', { name: 'eldoria' }).isChecked()).toBe(false);
    await panel.getByText('(also on: this persona)').waitFor();
    await panel.getByText('(also on: every chat)').waitFor();
    await panel.getByRole('checkbox', { name: '海港传闻' }).check();
    await expect.poll(async () => ((await stored(page, 'chats', idInUrl(page, 'chat')))?.bookIds as string[] | undefined)?.length).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    await page.reload();
    await openChatTools(page);
    const again = page.getByTestId('chat-books');
    await again.getByText('World books (2)').click();
    expect(await again.getByRole('checkbox', { name: '海港传闻' }).isChecked()).toBe(true);
    expect(await again.getByRole('checkbox', { name: 'eldoria' }).isChecked()).toBe(false);
  });
});
