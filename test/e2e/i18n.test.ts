import { afterEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';

const baseUrl = inject('baseUrl');
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

describe('interface language', () => {
  it('opens in Chinese in a Chinese browser, switches to English without a reload, and keeps the choice after one', async () => {
    browser = await launchBrowser({ locale: 'zh-CN' });
    const { page } = browser;
    await page.addInitScript(() => {
      const seen = (): void => {
        if (/Choose a model|Opening your library|Personas/.test(document.body?.innerText ?? '')) Object.assign(window, { sawEnglish: true });
      };
      new MutationObserver(seen).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(baseUrl);
    await page.getByRole('heading', { level: 1, name: '角色', exact: true }).waitFor();
    expect(await page.evaluate(() => (window as { sawEnglish?: boolean }).sawEnglish ?? false), 'no English flash before the Chinese texts').toBe(false);
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.getByRole('link', { name: '数据' }).count()).toBe(1);
    expect(await nav.getByTestId('engine-link').innerText()).toBe('选择模型');
    expect(await page.getByRole('link', { name: '新建角色' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh');
    const select = page.getByLabel('语言 / Language');
    expect(await select.inputValue()).toBe('auto');

    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    await select.selectOption('en');
    await page.getByRole('heading', { level: 1, name: 'Personas', exact: true }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Data' }).count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.evaluate(() => (window as { sameDocument?: boolean }).sameDocument)).toBe(true);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Personas', exact: true }).waitFor();
    expect(await page.getByLabel('Language / 语言').inputValue()).toBe('en');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByLabel('Language / 语言').selectOption('auto');
    await page.getByRole('heading', { level: 1, name: '角色', exact: true }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: '角色', exact: true }).waitFor();
    expect(await page.getByLabel('语言 / Language').inputValue()).toBe('auto');
  });

  it('an English browser can choose Chinese, and a screen opened later is in Chinese too', async () => {
    browser = await launchBrowser({ locale: 'en-US' });
    const { page } = browser;
    await page.goto(baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Personas', exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.getByRole('link', { name: '新建角色' }).click();
    await page.getByRole('heading', { level: 1, name: '新建角色' }).waitFor();
    expect(await page.getByRole('button', { name: '保存角色' }).count()).toBe(1);
    await page.goto(`${baseUrl}#/engine`);
    await page.getByRole('heading', { level: 1, name: '引擎', exact: true }).waitFor();
    expect(await page.getByRole('heading', { name: '你自己的模型服务器' }).count()).toBe(1);
  });

  it('an error already on screen follows a language switch (messages are put into words when shown)', async () => {
    browser = await launchBrowser({ locale: 'en-US' });
    const { page } = browser;
    await page.goto(baseUrl);
    await page.getByRole('heading', { level: 1, name: 'Personas', exact: true }).waitFor();
    const buffer = Buffer.from('hello, this is not a picture');
    await page.getByLabel('Import card').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer });
    const error = page.getByTestId('import-error');
    await error.getByText('"notes.png": This file is named .png but is not a PNG image').waitFor();
    await page.getByLabel('Language / 语言').selectOption('zh');
    await error.getByText('这个文件的扩展名是 .png，但它不是 PNG 图片').waitFor();
    expect(await error.innerText()).toContain('notes.png');
    expect(await error.innerText()).not.toContain('is not a PNG image');
    await page.getByLabel('语言 / Language').selectOption('en');
    await error.getByText('This file is named .png but is not a PNG image').waitFor();
  });
});
