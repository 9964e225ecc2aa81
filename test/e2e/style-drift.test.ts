/**
 * Style drift end to end, against the OpenAI-protocol fixture server: a character that keeps
 * writing emoji although its persona asks for none. The chat's style panel shows target and actual
 * and that a reminder goes with the next line; the server gets it in the newest message's notes
 * (never in the system message); the Why panel names it; and a level chosen in the panel becomes
 * this chat's own style, in the system message from the next reply on.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';
import { useAppHarness } from './harness.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

interface ChatBody {
  messages: Array<{ role: string; content: string }>;
}

/** Requests for the character's replies (background work asks for JSON). */
function replies(): RecordedRequest[] {
  return env.server.completions().filter((r) => !(r.body && 'response_format' in r.body));
}

const lastBody = (): ChatBody => replies().at(-1)?.body as unknown as ChatBody;

async function replyDone(page: Page, n: number): Promise<void> {
  await page.getByTestId('message').nth(n).and(page.locator('[data-status="complete"]')).waitFor();
}

describe('style drift', () => {
  it('shows target and actual, sends a reminder with the next line when replies drift, and lets the chat set its own style', async () => {
    const { page } = env.browser;
    env.server.setScript((request) => ({
      tokens: request.body && 'response_format' in request.body ? ['{}'] : ['Maren: "', 'Aye, the sea is calm. We sail at dawn 😊', '"'],
    }));
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Maren', description: 'Keeper of the harbour light.', greeting: '"You came."' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Maren');

    const panel = page.getByTestId('style-panel');
    expect(await panel.getByTestId('style-summary').innerText()).toBe('Style: measured after 4 replies (0 so far)');
    for (let i = 0; i < 4; i++) {
      await send(page, `Line ${i}.`);
      await replyDone(page, 2 * i + 2);
    }
    await panel.getByTestId('style-summary').click();
    // Emoji drift from "None"; initiative and emotional intensity read lower than their neutral levels (no reminder for those).
    await expect.poll(() => panel.getByTestId('style-summary').innerText()).toBe('Style: 3 off target · 1 reminder');
    const emoji = panel.getByTestId('style-control-emoji');
    expect(await emoji.getByTestId('style-actual-emoji').innerText()).toContain('Actual: Often (emoji in 100% of replies)');
    await emoji.getByText('a reminder goes with its next reply').waitFor();
    expect(await panel.getByTestId('style-actual-replyLength').innerText()).toContain('A few sentences (2.0 sentences per reply)');

    await send(page, 'Line 4.');
    await replyDone(page, 10);
    const sent = lastBody().messages;
    expect(sent[0]?.content).not.toContain('Style reminder');
    expect(sent.at(-1)?.content).toContain('- Style reminder: Do not use emoji or kaomoji.');
    const why = page.getByTestId('message').nth(10).getByTestId('why');
    await why.locator('summary').click();
    expect(await why.getByTestId('why-style').innerText()).toBe('Emoji and kaomoji: target None, recent replies Often');

    // Emoji often, for this chat only: on target now, and the system message says so from the next reply.
    await emoji.getByTestId('style-target-emoji').selectOption({ label: 'Often' });
    await expect.poll(() => panel.getByTestId('style-status').innerText()).toBe("Saved. This chat's style applies from the next reply on.");
    await expect.poll(() => panel.getByTestId('style-summary').innerText()).toBe("Style: 2 off target (this chat's own style)");
    await emoji.getByTestId('style-drifting').waitFor({ state: 'detached' });
    await send(page, 'Line 5.');
    await replyDone(page, 12);
    const next = lastBody().messages;
    expect(next[0]?.content).toContain('- Use emoji or kaomoji often, such as ^_^.');
    expect(next.at(-1)?.content).not.toContain('Style reminder');

    await panel.getByTestId('style-reset').click();
    await expect.poll(() => panel.getByTestId('style-status').innerText()).toBe("This chat uses the persona's style again.");
    expect(await emoji.getByTestId('style-target-emoji').inputValue()).toBe('');
  });
});
