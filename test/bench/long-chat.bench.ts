/**
 * A long chat in headless Chromium against the production build (`vite preview`): for 100 and
 * 5,000 seeded messages (varied lengths, Markdown, summary markers), the time from navigation
 * to the latest message fully visible at the bottom (full page load, and in-app from the
 * persona list), the DOM size once open, and the frames while scrolling from the bottom to the
 * top one viewport per frame (mean / p95 / max frame time, frames that showed blank space).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { createPersona, seedLongChat, skipFirstRun, startChat } from '../e2e/app-driver.ts';
import { launchBrowser } from '../support/browser.ts';

export const name = 'Long chat: open time, DOM size and scrolling (virtualized list)';

const SIZES = [100, 5000];
const OPEN_RUNS = 3;
const MAX_SCROLL_FRAMES = 400;

/**
 * Runs in the page from navigation on (a string, so no bundler helper leaks in): records in
 * `__egosOpenedAt` the time (ms since navigation start) of the first frame in which the last
 * rendered message, containing `wanted`, is fully inside the chat's scroll container.
 */
const watchOpen = (wanted: string) => `(() => {
  const wanted = ${JSON.stringify(wanted)};
  const tick = () => {
    const scroller = document.querySelector('[aria-label="Chat history"]');
    if (wanted && scroller && window.__egosOpenedAt === undefined) {
      const items = scroller.querySelectorAll('[data-testid="message"]');
      const last = items[items.length - 1];
      if (last && last.textContent.includes(wanted)) {
        const a = scroller.getBoundingClientRect();
        const b = last.getBoundingClientRect();
        if (b.top >= a.top - 1 && b.bottom <= a.bottom + 1) window.__egosOpenedAt = performance.now();
      }
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

/** Scrolls the chat from the bottom to the top, one step per frame; returns the frame gaps and blank frames. */
const SCROLL_TO_TOP = `(async (maxFrames) => {
  const scroller = document.querySelector('[aria-label="Chat history"]');
  const step = Math.max(scroller.clientHeight, scroller.scrollHeight / maxFrames);
  const frames = [];
  let blank = 0;
  let last = await new Promise((r) => requestAnimationFrame(r));
  while (scroller.scrollTop > 0) {
    scroller.scrollTop = Math.max(0, scroller.scrollTop - step);
    const now = await new Promise((r) => requestAnimationFrame(r));
    frames.push(now - last);
    last = now;
    const view = scroller.getBoundingClientRect();
    const rows = scroller.querySelector('ol').children;
    const top = rows[0] && rows[0].getBoundingClientRect().top;
    const bottom = rows.length && rows[rows.length - 1].getBoundingClientRect().bottom;
    if (!rows.length || top > view.top + 1 || bottom < view.bottom - 1) blank++;
    if (frames.length > maxFrames * 3) break;
  }
  const firstShown = !!scroller.querySelector('[data-testid="message"]')?.textContent.includes('Message 1:');
  return { frames, blank, firstShown };
})`;

function stats(values: number[]): { mean: number; p95: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { mean: values.reduce((s, v) => s + v, 0) / Math.max(1, values.length), p95: at(0.95), max: at(1) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function waitOpened(page: Page, label: string): Promise<number> {
  await page.waitForFunction(() => (window as { __egosOpenedAt?: number }).__egosOpenedAt !== undefined, undefined, { timeout: 60_000 });
  const at = (await page.evaluate('window.__egosOpenedAt')) as number;
  if (typeof at !== 'number') throw new Error(`${label}: no open time recorded`);
  return at;
}

/** Full page load of the chat's address, navigation start → last message visible. */
async function fullLoad(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  return waitOpened(page, 'full load');
}

/** In-app: a freshly loaded persona list, then the chat's link (hash change → last message visible). */
async function inApp(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(new URL('#/', url).href);
  await page.getByRole('link', { name: 'New persona' }).waitFor();
  const hash = new URL(url).hash;
  await page.evaluate(`window.__egosOpenedAt = undefined; window.__egosStart = performance.now(); location.hash = ${JSON.stringify(hash)};`);
  const opened = await waitOpened(page, 'in-app');
  return opened - ((await page.evaluate('window.__egosStart')) as number);
}

async function measure(baseUrl: string, count: number): Promise<void> {
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.addInitScript(watchOpen(`Message ${count}:`));
    await page.goto(baseUrl);
    await skipFirstRun(page);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await startChat(page, 'Ada Lovelace');
    const seeded = await seedLongChat(page, count);
    const url = page.url();
    await page.getByTestId('message').filter({ hasText: seeded.last }).waitFor({ timeout: 60_000 });

    const loads: number[] = [];
    const hops: number[] = [];
    for (let i = 0; i < OPEN_RUNS; i++) loads.push(await fullLoad(page, url));
    for (let i = 0; i < OPEN_RUNS; i++) hops.push(await inApp(page, url));
    await page.waitForTimeout(300);
    const dom = (await page.evaluate(`({
      nodes: document.getElementsByTagName('*').length,
      rendered: document.querySelectorAll('[data-testid="message"]').length,
      height: document.querySelector('[aria-label="Chat history"]').scrollHeight,
    })`)) as { nodes: number; rendered: number; height: number };
    const scroll = (await page.evaluate(`${SCROLL_TO_TOP}(${MAX_SCROLL_FRAMES})`)) as { frames: number[]; blank: number; firstShown: boolean };
    const f = stats(scroll.frames);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(`${count} messages (+${seeded.summaries} summary markers):`);
    console.log(`  open, full page load → last message visible: median ${ms(median(loads))} (runs ${loads.map(ms).join(', ')})`);
    console.log(`  open, in-app from the persona list: median ${ms(median(hops))} (runs ${hops.map(ms).join(', ')})`);
    console.log(`  DOM once open: ${dom.nodes} elements, ${dom.rendered} message elements rendered, scroll height ${dom.height} px`);
    console.log(
      `  scroll bottom → top, ${scroll.frames.length} frames: frame time mean ${f.mean.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, max ${f.max.toFixed(1)} ms; ` +
        `${scroll.blank} frame(s) with blank space; first message shown at the top: ${scroll.firstShown ? 'yes' : 'NO'}`,
    );
  } finally {
    await browser.close();
  }
}

export default async function run(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const { build, preview } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'egos-long-chat-'));
  await build({ logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
  const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  console.log('headless Chromium, 1280×720 viewport; scrolling moves one viewport (or 1/400 of the list) per frame');
  try {
    for (const count of SIZES) await measure(url, count);
  } finally {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
