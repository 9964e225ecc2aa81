import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exportCardPng, exportCardV3Json } from '../../src/core/cards/index.ts';
import { placeholderPng } from '../../src/core/cards/placeholder-png.ts';
import type { PersonaInit } from '../../src/core/persona/index.ts';
import { connectEndpoint, createPersona, messageTexts, newChat, send, startChat } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** A PNG whose signature is right and whose pixels are garbage: it passes the type check, then fails to decode. */
const BROKEN_PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('not really a picture at all')]);

async function importCard(page: Page, name: string, bytes: Uint8Array | string): Promise<void> {
  const buffer = Buffer.from(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes);
  await page.goto(new URL('#/', baseUrl).href);
  await page.getByLabel('Import card').setInputFiles({ name, mimeType: name.endsWith('.png') ? 'image/png' : 'application/json', buffer });
}

/** Adds a "you" on the You page. */
async function addYou(page: Page, name: string, description: string): Promise<void> {
  const form = page.getByTestId('you-form').last();
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Description').fill(description);
  await form.getByRole('button', { name: 'Add' }).click();
  await page.getByTestId('you-item').filter({ hasText: name }).waitFor();
}

/** The kind of avatar (`picture` or `initial`), the letter shown and the picture, for an element holding one avatar. */
async function avatarOf(scope: ReturnType<Page['locator']>): Promise<{ kind: string | null; text: string; src: string | null }> {
  const avatar = scope.getByTestId('avatar').first();
  await avatar.waitFor();
  return { kind: await avatar.getAttribute('data-kind'), text: (await avatar.getAttribute('data-initial')) ?? '', src: await avatar.getAttribute('src') };
}

describe('user personas ("you"s)', () => {
  it('a chat switched to the second "you": the greeting, the label and the request follow it', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Maren', description: 'Harbour pilot of Kelp Bay.', greeting: 'Welcome aboard, {{user}}.' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await page.getByTestId('you-link').click();
    await page.getByRole('heading', { name: 'You', exact: true }).waitFor();
    await addYou(page, 'Tom', 'A student of engines.');
    await addYou(page, 'Rin', 'A ship’s doctor from Osaka.');
    expect(await page.getByTestId('you-item').filter({ hasText: 'Tom' }).getByText('Default', { exact: true }).count()).toBe(1);

    await startChat(page, 'Maren');
    expect(await messageTexts(page)).toEqual(['Welcome aboard, Tom.']);
    const picker = page.getByTestId('chat-user');
    expect(await picker.locator('option:checked').textContent()).toBe('Default (Tom)');
    await picker.selectOption({ label: 'Rin' });
    await page.getByTestId('message').first().getByText('Welcome aboard, Rin.').waitFor();

    env.server.setScript({ tokens: ['Maren: "', 'Good', ' to see you', ', doctor."'] });
    await send(page, 'Hello there.');
    await page.locator('[data-status="complete"]', { hasText: 'Good to see you, doctor.' }).waitFor();
    expect(await page.locator('.message.user .who').first().innerText()).toBe('Rin');
    expect(await page.locator('.message.assistant .who').first().innerText()).toBe('Maren');
    const body = env.server.completions().find((r) => JSON.stringify(r.body).includes('Hello there.'))?.body as {
      messages: Array<{ role: string; content: string }>;
    };
    expect(body.messages[0]?.content).toContain('## The person you are talking to: Rin\nA ship’s doctor from Osaka.');
    expect(body.messages[0]?.content).not.toContain('A student of engines.');
    expect(JSON.stringify(body.messages)).toContain('Welcome aboard, Rin.');
    expect(body.messages.at(-1)?.content).toContain('Rin: "Hello there."');

    await page.reload();
    await page.getByTestId('message').nth(2).waitFor();
    expect(await page.getByTestId('chat-user').locator('option:checked').textContent()).toBe('Rin');
    expect(await messageTexts(page)).toEqual(['Welcome aboard, Rin.', 'Hello there.', 'Good to see you, doctor.']);
    await page.getByTestId('chat-user').selectOption({ label: 'Default (Tom)' });
    await page.getByTestId('message').first().getByText('Welcome aboard, Tom.').waitFor();
    expect(await page.locator('.message.user .who').first().innerText()).toBe('Tom');
  });

  it('the first New chat still asks for a name, which becomes the default "you"', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Basho', description: 'Poet.', greeting: 'An old pond, {{user}}.' });
    await newChat(page, 'Kiko');
    expect(await messageTexts(page)).toEqual(['An old pond, Kiko.']);
    await page.getByTestId('you-link').click();
    const kiko = page.getByTestId('you-item').filter({ hasText: 'Kiko' });
    await kiko.getByText('Default', { exact: true }).waitFor();
    await kiko.getByRole('button', { name: 'Edit Kiko' }).click();
    await kiko.getByLabel('Description').fill('A traveller on the narrow road.');
    await kiko.getByRole('button', { name: 'Save' }).click();
    await kiko.getByText('A traveller on the narrow road.').waitFor();
  });
});

describe('avatars', () => {
  const maren: PersonaInit = { name: 'Maren', description: 'Harbour pilot.', greeting: 'Welcome aboard.', creator: 'kelp' };
  const daiyu: PersonaInit = { name: '林黛玉', language: 'zh', description: '潇湘馆的主人。', greeting: '你来了。' };

  it('a PNG card shows its picture in the list, on its page and beside its messages; a card without art shows its initial', async () => {
    const { page } = env.browser;
    await importCard(page, 'maren.png', exportCardPng(maren));
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    expect((await avatarOf(page.getByTestId('avatar-picker'))).kind).toBe('picture');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Maren' }).waitFor();
    const onPage = await avatarOf(page.locator('section[aria-labelledby="persona-title"]'));
    expect(onPage.kind).toBe('picture');
    expect(onPage.src).toMatch(/^data:image\/(webp|jpeg);base64,/);
    expect(onPage.src!.length).toBeLessThan(90_000);

    await importCard(page, 'daiyu.json', exportCardV3Json(daiyu));
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: '林黛玉' }).waitFor();
    await page.goto(baseUrl);
    expect(await avatarOf(page.getByRole('link', { name: /Maren/ }))).toMatchObject({ kind: 'picture' });
    expect(await avatarOf(page.getByRole('link', { name: /林黛玉/ }))).toMatchObject({ kind: 'initial', text: '林' });

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    env.server.setScript({ tokens: ['Maren: "', 'Ahoy."'] });
    await startChat(page, 'Maren', 'Tom');
    await send(page, 'Hello.');
    await page.locator('.message.user').waitFor();
    expect((await avatarOf(page.locator('.message.assistant').first())).kind).toBe('picture');
    expect(await avatarOf(page.locator('.message.user').first())).toMatchObject({ kind: 'initial', text: 'T' });
    expect((await avatarOf(page.locator('#chat-title'))).kind).toBe('picture');
    // The memory and evaluation pages are headed by the persona's picture too.
    const chatUrl = page.url();
    await page.locator('#chat-title a').click();
    await page.getByRole('link', { name: 'Memory' }).click();
    expect((await avatarOf(page.locator('#memory-title'))).kind).toBe('picture');
    await page.goBack();
    await page.getByRole('link', { name: 'Evaluate' }).click();
    expect((await avatarOf(page.locator('#eval-title'))).kind).toBe('picture');
    await page.goto(chatUrl);
    await page.locator('.message.user').first().waitFor();

    await page.getByTestId('you-link').click();
    const tom = page.getByTestId('you-item').filter({ hasText: 'Tom' });
    await tom.getByRole('button', { name: 'Edit Tom' }).click();
    await tom.getByLabel('Choose picture').setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: BROKEN_PNG });
    expect(await tom.getByTestId('avatar-problem').innerText()).toMatch(/“broken.png”: This picture \(image\/png\) could not be decoded/);
    await tom.getByLabel('Choose picture').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from(placeholderPng('Tom')) });
    await tom.locator('[data-testid="avatar"][data-kind="picture"]').first().waitFor();
    await page.goBack();
    await page.locator('.message.user [data-kind="picture"]').waitFor();
  });

  it('the persona editor uploads, replaces and removes a picture, and names a file it cannot use', async () => {
    const { page } = env.browser;
    await importCard(page, 'daiyu.json', exportCardV3Json(daiyu));
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('link', { name: 'Edit' }).click();
    const picker = page.getByTestId('avatar-picker');
    expect(await avatarOf(picker)).toMatchObject({ kind: 'initial', text: '林' });
    await picker.getByLabel('Choose picture').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await page.getByTestId('avatar-problem').getByText('“notes.txt” is not a PNG, JPEG, WebP or GIF picture').waitFor();
    await picker.getByLabel('Choose picture').setInputFiles({ name: 'daiyu.png', mimeType: 'image/png', buffer: Buffer.from(placeholderPng('林黛玉')) });
    await picker.locator('[data-kind="picture"]').waitFor();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: '林黛玉' }).waitFor();
    expect((await avatarOf(page.locator('section[aria-labelledby="persona-title"]'))).kind).toBe('picture');
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByTestId('avatar-picker').getByRole('button', { name: 'Remove picture' }).click();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: '林黛玉' }).waitFor();
    expect(await avatarOf(page.locator('section[aria-labelledby="persona-title"]'))).toMatchObject({ kind: 'initial', text: '林' });
  });
});

describe('importing a card you already have', () => {
  const card = (description: string) => exportCardV3Json({ name: 'Maren', creator: 'kelp', description, greeting: 'Welcome aboard.' });

  it('asks: Replace keeps the chats, Keep both adds a second persona, Cancel imports nothing', async () => {
    const { page } = env.browser;
    await importCard(page, 'maren.json', card('Old harbour pilot.'));
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Maren' }).waitFor();
    await newChat(page);
    await page.goBack();
    await page.getByRole('list', { name: 'Chats' }).getByRole('link').first().waitFor();

    await importCard(page, 'maren-v2.json', card('New harbour pilot.'));
    const question = page.getByTestId('duplicate-question');
    await question.getByRole('heading', { name: 'You already have Maren' }).waitFor();
    expect(await question.innerText()).toMatch(/“maren-v2.json” is a card of Maren by kelp/);
    await question.getByRole('button', { name: 'Replace' }).click();
    await page.getByRole('heading', { name: 'Review the card that replaces Maren' }).waitFor();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Maren' }).waitFor();
    await page.getByText('New harbour pilot.').waitFor();
    expect(await page.getByRole('list', { name: 'Chats' }).getByRole('link').count()).toBe(1);
    await page.goto(baseUrl);
    await page.getByRole('link', { name: /Maren/ }).first().waitFor();
    expect(await page.getByRole('link', { name: /Maren/ }).count()).toBe(1);

    await importCard(page, 'maren-v3.json', card('A third pilot.'));
    await page.getByTestId('duplicate-question').getByRole('button', { name: 'Keep both' }).click();
    await page.getByRole('heading', { name: 'Review imported character' }).waitFor();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByText('A third pilot.').waitFor();
    expect(await page.getByRole('list', { name: 'Chats' }).getByRole('link').count()).toBe(0);
    await page.goto(baseUrl);
    await page.getByRole('link', { name: /Maren/ }).nth(1).waitFor();

    await importCard(page, 'maren-v4.json', card('Never saved.'));
    await page.getByTestId('duplicate-question').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Personas' }).waitFor();
    expect(await page.getByRole('link', { name: /Maren/ }).count()).toBe(2);
    expect(await page.getByText('Never saved.').count()).toBe(0);
  });
});
