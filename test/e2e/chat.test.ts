import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, messageTexts, newChat, send, startChat, USER_NAME } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

async function setUpChat() {
  const { page } = env.browser;
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening. Shall we talk of engines?' });
  await connectEndpoint(page, env.server.baseUrl, 'test-model');
  await startChat(page, 'Ada Lovelace');
  return page;
}

describe('first chat end to end', () => {
  it('streams a reply token by token, and a reload restores persona, chat and messages', async () => {
    const page = await setUpChat();
    env.server.setScript({ tokens: ['Ada Lovelace: "', 'Indeed', ',', ' the', ' Analytical', ' Engine', ' weaves', ' numbers', '."'], delayMs: 120 });
    expect(await messageTexts(page)).toEqual(['Good evening. Shall we talk of engines?']);
    await send(page, 'Tell me about your work.');
    const reply = page.getByTestId('message').nth(2);
    await reply.locator('.text', { hasText: 'Indeed, the' }).waitFor();
    expect(await reply.getAttribute('data-status')).toBe('streaming');
    await page.locator('[data-status="complete"]', { hasText: 'weaves numbers.' }).waitFor();
    const body = env.server.completions().at(-1)?.body as { messages: Array<{ role: string; content: string }> };
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[0]?.content).toContain('Mathematician, London, 1843.');
    expect(body.messages.at(-1)?.role).toBe('user');
    expect(body.messages.at(-1)?.content).toContain(`${USER_NAME}: "Tell me about your work."`);

    await page.reload();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.getByTestId('message').nth(2).waitFor();
    expect(await messageTexts(page)).toEqual([
      'Good evening. Shall we talk of engines?',
      'Tell me about your work.',
      'Indeed, the Analytical Engine weaves numbers.',
    ]);
    await page.goto(baseUrl);
    await page.getByRole('link', { name: /Ada Lovelace/ }).waitFor();
  });

  it('Stop keeps the partial reply, marked interrupted, also after a reload', async () => {
    const page = await setUpChat();
    env.server.setScript({ tokens: ['Ada Lovelace: "', 'One', ' two', ' three', ' four', ' five', ' six', ' seven', ' eight"'], delayMs: 250 });
    await send(page, 'Count slowly.');
    await page.getByTestId('message').nth(2).locator('.text', { hasText: 'One two' }).waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    const stopped = page.locator('[data-status="interrupted"]');
    await stopped.waitFor();
    const partial = await stopped.locator('.text').innerText();
    expect(partial).toMatch(/^One two/);
    expect(partial).not.toContain('eight');
    expect(await stopped.getByTestId('interrupted').innerText()).toBe('Stopped');
    await page.reload();
    await page.locator('[data-status="interrupted"]').waitFor();
    expect(await page.locator('[data-status="interrupted"] .text').innerText()).toBe(partial);
  });

  it('a server error shows a clear message and loses nothing', async () => {
    const page = await setUpChat();
    env.server.setScript({ error: { status: 500, message: 'model crashed: out of memory' } });
    await send(page, 'Are you there?');
    const error = page.getByTestId('chat-error');
    await error.waitFor();
    expect(await error.innerText()).toMatch(/model crashed: out of memory/);
    expect(await messageTexts(page)).toContain('Are you there?');
    await page.reload();
    await page.getByRole('list', { name: 'Messages' }).waitFor();
    await page.getByTestId('message').nth(1).waitFor();
    expect(await messageTexts(page)).toContain('Are you there?');
  });

  it('a malformed stream is reported, and the text that arrived is kept', async () => {
    const page = await setUpChat();
    env.server.setScript({ tokens: ['Ada Lovelace: "Partial', ' words', ' here'], malformed: { after: 2, data: '{not json' } });
    await send(page, 'Hello?');
    await page.getByTestId('chat-error').waitFor();
    expect(await page.getByTestId('chat-error').innerText()).toMatch(/not JSON.*OpenAI streaming format/);
    expect(await page.locator('[data-status="interrupted"] .text').innerText()).toBe('Partial words');
  });

  it('Enter sends, Shift+Enter adds a new line; the draft is kept when no model is ready', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Basho', description: 'Poet.', greeting: 'An old pond.' });
    await newChat(page);
    const input = page.getByLabel('Your message');
    await input.fill('first line');
    await input.press('Shift+Enter');
    await input.pressSequentially('second line');
    expect(await input.inputValue()).toBe('first line\nsecond line');
    await input.press('Enter');
    await page.getByTestId('chat-error').waitFor();
    expect(await page.getByTestId('chat-error').innerText()).toMatch(/No model is ready. Open the Engine page \(the model link at the top\)/);
    expect(await input.inputValue()).toBe('first line\nsecond line');
    expect(await messageTexts(page)).toEqual(['An old pond.']);
  });
});
