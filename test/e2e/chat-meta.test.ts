import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

describe('message details and the context meter', () => {
  it('shows time, token usage, Copy and how full the context is', async () => {
    const { page, context } = env.browser;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(baseUrl).origin });
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Ada Lovelace');
    await expect(page.getByTestId('context-meter').count()).resolves.toBe(0);

    env.server.setScript({ tokens: ['Ada Lovelace: "', 'Indeed', ', engines', '."'], usage: { prompt_tokens: 123, completion_tokens: 45 } });
    const before = Date.now();
    await send(page, 'Tell me about your work.');
    const reply = page.locator('[data-status="complete"]', { hasText: 'Indeed, engines.' });
    await reply.waitFor();

    const time = reply.getByTestId('message-time');
    const stamp = Date.parse((await time.getAttribute('datetime')) ?? '');
    expect(stamp).toBeGreaterThanOrEqual(before - 60_000);
    expect(stamp).toBeLessThanOrEqual(Date.now());
    expect(await time.getAttribute('title')).toMatch(/\d/);
    expect(await time.innerText()).toMatch(/\d/);
    expect(await reply.getByTestId('message-usage').innerText()).toContain('123 → 45 tokens');
    const userLine = page.getByTestId('message').nth(1);
    expect(await userLine.getByTestId('message-usage').count()).toBe(0);
    expect(await userLine.getByTestId('message-time').count()).toBe(1);

    await reply.getByRole('button', { name: 'Copy' }).click();
    await reply.getByTestId('copy-status').filter({ hasText: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe('Indeed, engines.');

    const meter = page.getByTestId('context-meter');
    await meter.waitFor();
    const value = await meter.getByTestId('context-meter-value').innerText();
    const match = /^(\d+) \/ (\d+) tokens \((\d+)%\)$/.exec(value);
    expect(match).not.toBeNull();
    const [used, budget] = [Number(match?.[1]), Number(match?.[2])];
    expect(used).toBeGreaterThan(0);
    expect(used).toBeLessThanOrEqual(budget);
    expect(Number(await meter.locator('meter').getAttribute('value'))).toBe(used);
    await meter.locator('summary').click();
    const parts = await meter.locator('li').allInnerTexts();
    expect(parts.map((p) => p.split(':')[0])).toEqual(['Persona and rules', 'Summaries', 'Notes', 'Turns']);
    const sum = parts.reduce((total, p) => total + Number(/(\d+) tokens/.exec(p)?.[1]), 0);
    expect(sum).toBe(used);
  });
});
