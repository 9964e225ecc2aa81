/**
 * Replies read aloud: how the chat and the persona editor degrade where the browser cannot speak
 * (headless Chromium has the Web Speech API but no voices; a browser without the API), and, with
 * a recording `speechSynthesis` put in the page before the app loads, that the play button reads
 * the spoken parts only and that auto-read reads a new reply once it completes.
 */
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

/** A page script: a `speechSynthesis` with two English voices that records each utterance and ends it after 200 ms. */
const FAKE_SPEECH = `
(() => {
  const voices = [
    { voiceURI: 'fake-network', name: 'Network English', lang: 'en-US', localService: false, default: true },
    { voiceURI: 'fake-local', name: 'Local English', lang: 'en-GB', localService: true, default: false },
  ];
  const spoken = [];
  let current = null;
  const synthesis = {
    getVoices: () => voices,
    speak(u) {
      spoken.push({ text: u.text, voice: u.voice ? u.voice.voiceURI : null, lang: u.lang, rate: u.rate, pitch: u.pitch });
      current = u;
      setTimeout(() => {
        if (current !== u) return;
        current = null;
        if (u.onend) u.onend({});
      }, 1000); // long enough for the test to see "Stop reading" on a loaded machine
    },
    cancel() {
      const u = current;
      current = null;
      if (u && u.onerror) u.onerror({ error: 'interrupted' });
    },
    addEventListener() {},
    removeEventListener() {},
  };
  class Utterance {
    constructor(text) {
      Object.assign(this, { text, lang: '', rate: 1, pitch: 1, voice: null, onend: null, onerror: null });
    }
  }
  Object.defineProperty(window, 'speechSynthesis', { value: synthesis, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  Object.defineProperty(window, '__spoken', { value: spoken });
})();
`;

/** A page script: a browser without the Web Speech API. */
const NO_SPEECH = `
delete Window.prototype.speechSynthesis;
delete window.speechSynthesis;
delete window.SpeechSynthesisUtterance;
`;

interface Spoken {
  text: string;
  voice: string | null;
  lang: string;
  rate: number;
  pitch: number;
}

const spoken = (page: Page): Promise<Spoken[]> => page.evaluate(() => (window as unknown as { __spoken: Spoken[] }).__spoken.slice());

const MAREN = { name: 'Maren', description: 'Keeper of the lighthouse.', greeting: '*She looks up from the lamp.* "Welcome to the lighthouse."' };

async function openChat(page: Page): Promise<void> {
  await page.goto(baseUrl);
  await createPersona(page, MAREN);
  await connectEndpoint(page, env.server.baseUrl, 'test-model');
  await startChat(page, 'Maren');
}

describe('read aloud', () => {
  it('headless Chromium has no voices: the chat and the persona editor say why, and no play button shows', async () => {
    const { page } = env.browser;
    await openChat(page);
    const note = page.getByTestId('voice-unavailable');
    await note.locator('summary').click();
    expect(await note.innerText()).toMatch(/this browser offers no voices\. Install a voice.*reload the page/);
    expect(await page.getByRole('button', { name: 'Read aloud' }).count()).toBe(0);
    expect(await page.getByLabel('Read replies aloud').count()).toBe(0);
    expect(await page.getByTestId('voice-unavailable').count()).toBe(1);

    await page.goto(new URL('#/', baseUrl).href);
    await page.getByRole('link', { name: /Maren/ }).first().click();
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByText('Voice', { exact: true }).click();
    const editorNote = page.getByTestId('voice-editor-unavailable');
    await editorNote.waitFor();
    expect(await editorNote.innerText()).toMatch(/offers no voices.*You can still choose rate, pitch and narration/);
    expect(await page.getByTestId('voice-test').count()).toBe(0);
  });

  it('a browser without speech synthesis says so in the chat', async () => {
    const { page } = env.browser;
    await page.addInitScript(NO_SPEECH);
    await openChat(page);
    const note = page.getByTestId('voice-unavailable');
    await note.locator('summary').click();
    expect(await note.innerText()).toContain('this browser has no speech synthesis');
  });

  it('the play button reads the spoken parts only; auto-read reads a new reply once it is complete, and is kept with the chat', async () => {
    const { page } = env.browser;
    await page.addInitScript(FAKE_SPEECH);
    await openChat(page);

    // The greeting: a spoken line after a leading action; a local voice is chosen over the default network one.
    const greeting = page.getByTestId('message').first();
    const play = greeting.getByRole('button', { name: 'Read aloud' });
    await play.click();
    await greeting.getByRole('button', { name: 'Stop reading' }).waitFor();
    await greeting.getByRole('button', { name: 'Read aloud' }).waitFor();
    expect(await spoken(page)).toEqual([{ text: 'Welcome to the lighthouse.', voice: 'fake-local', lang: 'en-GB', rate: 1, pitch: 1 }]);

    // Scene replies from now on; auto-read on: the new reply is read when complete, narration skipped.
    await page.getByLabel('Replies as').selectOption('scene');
    await page.getByLabel('Read replies aloud').check();
    env.server.setScript({
      tokens: ['Maren: *She laughs.*', ' "Loud?"', ' *She taps', ' the glass.*', ' "Wait till the foghorn', ' starts."'],
      delayMs: 60,
    });
    await send(page, 'Is the lamp always this loud?');
    await page.getByTestId('message').nth(2).and(page.locator('[data-status="complete"]')).waitFor();
    await expect.poll(async () => (await spoken(page)).map((s) => s.text)).toEqual(['Welcome to the lighthouse.', 'Loud? Wait till the foghorn starts.']);

    // The switch is stored with the chat; after a reload the stored reply is not read again.
    await page.reload();
    await page.getByTestId('message').nth(2).waitFor();
    expect(await page.getByLabel('Read replies aloud').isChecked()).toBe(true);
    await page.waitForTimeout(500);
    expect(await spoken(page)).toEqual([]);
  });
});
