import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { launchBrowser, type LaunchedBrowser } from '../support/browser.ts';
import { startFixtureServer, type FixtureServer } from '../support/openai-fixture-server.ts';
import { connectEndpoint, createPersona, messageTexts, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
let server: FixtureServer;
let profile: string;
let browser: LaunchedBrowser | null = null;

beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  profile = await mkdtemp(join(tmpdir(), 'egos-crash-'));
  server.setScript({});
});
afterEach(async () => {
  await browser?.close();
  browser = null;
  await rm(profile, { recursive: true, force: true });
});

/** Process ids of every Chromium process started on this profile. */
async function chromiumPids(userDataDir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ESRCH') return '';
      throw error;
    });
    if (cmdline.includes(userDataDir)) pids.push(Number(entry));
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Kills the browser like a crash or power cut of the app: SIGKILL, no unload, no clean shutdown. */
async function killBrowser(): Promise<void> {
  const pids = await chromiumPids(profile);
  expect(pids.length).toBeGreaterThan(0);
  for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  expect(pids.filter(alive)).toEqual([]);
}

/** Opens a persona chat and streams a reply that stops after four tokens and then hangs (a slow server). */
async function chatStreamingThenStalled(): Promise<{ chatUrl: string; shown: string }> {
  browser = await launchBrowser({ userDataDir: profile });
  const { page } = browser;
  await page.goto(baseUrl);
  await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Good evening.' });
  await connectEndpoint(page, server.baseUrl, 'test-model');
  await startChat(page, 'Ada');
  server.setScript({ tokens: ['Ada: "', 'Saved', ' before."'] });
  await send(page, 'Before the crash.');
  await page.locator('[data-status="complete"]', { hasText: 'Saved before.' }).waitFor();
  server.setScript({ tokens: ['Ada: "', 'Numbers', ' weave', ' patterns', ' like', ' looms', ' do."'], delayMs: 80, stallAfter: 4 });
  await send(page, 'Tell me more.');
  const reply = page.getByTestId('message').nth(4);
  await reply.locator('.text', { hasText: 'Numbers weave patterns' }).waitFor();
  await page.waitForTimeout(1200);
  expect(await reply.getAttribute('data-status')).toBe('streaming');
  return { chatUrl: page.url(), shown: await reply.locator('.text').innerText() };
}

async function reopenAndCheck(chatUrl: string, shown: string): Promise<void> {
  browser = await launchBrowser({ userDataDir: profile });
  const { page } = browser;
  await page.goto(chatUrl);
  const reply = page.getByTestId('message').nth(4);
  await reply.waitFor();
  expect(await messageTexts(page)).toEqual(['Good evening.', 'Before the crash.', 'Saved before.', 'Tell me more.', shown]);
  expect(await reply.getAttribute('data-status')).toBe('interrupted');
  expect(await reply.getByTestId('interrupted').innerText()).toBe('Interrupted (the page closed)');
  await page.reload();
  await page.getByTestId('message').nth(4).waitFor();
  expect(await page.getByTestId('message').nth(4).getAttribute('data-status')).toBe('interrupted');
}

describe('crash mid-reply in Chromium', () => {
  it('after the browser is killed mid-stream, everything up to the last save is there and the reply is marked interrupted', async () => {
    const { chatUrl, shown } = await chatStreamingThenStalled();
    expect(shown).toBe('Numbers weave patterns');
    await killBrowser();
    await browser?.context.close().catch((error: Error) => expect(error.message).toMatch(/closed|disconnected|Target/i));
    browser = null;
    await reopenAndCheck(chatUrl, shown);
  });

  it('after the context is closed without unload mid-stream, the same holds', async () => {
    const { chatUrl, shown } = await chatStreamingThenStalled();
    await browser?.context.close();
    browser = null;
    await reopenAndCheck(chatUrl, shown);
  });
});
