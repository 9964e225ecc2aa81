/**
 * Importing a 100,000-message SillyTavern chat (`npm run bench -- chat-import`):
 *
 * 1. Node: the import pipeline itself (`core/chat-files`: read in steps, store in batches of
 *    `bulkPut`) into the app's Dexie store on fake-indexeddb (an in-memory IndexedDB written in
 *    JavaScript, slower than a browser's): messages/s per phase, the longest step between two
 *    pauses (how long the page would be unresponsive at most), the peak heap.
 * 2. Headless Chromium, the production build: the same file picked on the persona list and
 *    imported into a new persona through the interface, into the browser's real IndexedDB:
 *    time to "Imported", messages/s, the longest gap between two animation frames during the
 *    import (the page stays responsive when it is short), the peak JS heap (CDP metrics); then a
 *    second import cancelled halfway, and how long until everything stored was removed.
 */
import 'fake-indexeddb/auto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createDexieRepository } from '../../src/adapters/dexie/dexie-repository.ts';
import { EgosDb } from '../../src/adapters/dexie/egos-db.ts';
import { readInSteps, STORE_BATCH, storeInBatches } from '../../src/core/chat-files/import-chat.ts';
import { SillyTavernChatReader } from '../../src/core/chat-files/sillytavern-chat.ts';
import type { PersonaId } from '../../src/core/ids.ts';
import { skipFirstRun } from '../e2e/app-driver.ts';
import { launchBrowser } from '../support/browser.ts';

export const name = 'Chat import: a 100,000-message SillyTavern chat';

const MESSAGES = 100_000;

const LINES = [
  'Yes.',
  '*leans on the counter* The ferry is late again; the fog came in early tonight.',
  'What do you mean by that? I only asked about the room and the price of supper.',
  '*She laughs and pours two cups.* "Loud? Wait till the foghorn starts. Nobody sleeps the first night, and nobody leaves after the third."',
  '今天的雾比昨天还大，渡船恐怕要等到明天早上才能靠岸。',
  'A much longer line about the harbour, the lighthouse keeper who never comes down, the ledger of debts behind the bar, the smugglers who pay in foreign coins, and the old map nailed above the fireplace that nobody is allowed to touch.',
];

/** A SillyTavern file: header, then alternating character and user lines; every tenth reply has three swipes. */
function chatFile(count: number): string {
  const start = Date.UTC(2024, 0, 1);
  const out = [JSON.stringify({ user_name: 'Tom', character_name: 'Maren', create_date: '2024-1-1 @00h 00m 00s 000ms', chat_metadata: {} })];
  for (let i = 0; i < count; i++) {
    const isUser = i % 2 === 1;
    const mes = `${i + 1}: ${LINES[(i * 7) % LINES.length]}`;
    const line: Record<string, unknown> = {
      name: isUser ? 'Tom' : 'Maren',
      is_user: isUser,
      is_system: false,
      send_date: new Date(start + i * 30_000).toISOString(),
      mes,
      extra: {},
    };
    if (!isUser && i % 20 === 0) {
      line.swipes = [`${mes} (a)`, mes, `${mes} (c)`];
      line.swipe_id = 1;
      line.swipe_info = [0, 1, 2].map((k) => ({ send_date: new Date(start + i * 30_000 + k).toISOString(), extra: {} }));
    }
    out.push(JSON.stringify(line));
  }
  return `${out.join('\n')}\n`;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} messages/s`;

async function inNode(text: string): Promise<void> {
  global.gc?.();
  const baseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let longest = 0;
  let last = performance.now();
  const pause = async () => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    await new Promise((resolve) => setTimeout(resolve, 0));
    last = performance.now();
  };
  const db = new EgosDb(`bench-import-${Date.now()}`);
  const repo = createDexieRepository(db);
  const t0 = performance.now();
  last = t0;
  const reader = new SillyTavernChatReader(text, 'bench.jsonl');
  await readInSteps(reader, { pause });
  const t1 = performance.now();
  const readLongest = longest;
  longest = 0;
  last = performance.now();
  const outcome = await storeInBatches({ ...repo, now: Date.now }, reader, 'p-bench' as PersonaId, { fallbackTitle: 'Imported chat' }, { pause });
  const t2 = performance.now();
  if (outcome.kind !== 'stored') throw new Error('the import did not finish');
  const stored = await db.messages.count();
  console.log(`Node ${process.version} (the pipeline into Dexie on fake-indexeddb):`);
  console.log(`  read:  ${(t1 - t0).toFixed(0)} ms, ${rate(MESSAGES, t1 - t0)}, longest step ${readLongest.toFixed(0)} ms`);
  console.log(
    `  store: ${(t2 - t1).toFixed(0)} ms, ${rate(MESSAGES, t2 - t1)}, longest step ${longest.toFixed(0)} ms (batches of ${STORE_BATCH.toLocaleString('en')})`,
  );
  console.log(
    `  whole import: ${rate(MESSAGES, t2 - t0)}; ${stored.toLocaleString('en')} messages stored; peak heap ${mb(peak)} (${mb(peak - baseline)} above the start)`,
  );
  db.close();
}

/** Runs in the page: records the longest gap between animation frames while `window.__egosWatch` is set. */
const FRAME_WATCH = `(() => {
  window.__egosGaps = { longest: 0, frames: 0 };
  let last = performance.now();
  const tick = (now) => {
    if (window.__egosWatch) {
      window.__egosGaps.longest = Math.max(window.__egosGaps.longest, now - last);
      window.__egosGaps.frames++;
    }
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

async function inChromium(text: string): Promise<void> {
  process.env.NODE_ENV = 'production';
  const { build, preview } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'egos-chat-import-'));
  // Picked from disk, as a user would: handing 23 MB from Node to the page would block the page by itself.
  const filePath = join(await mkdtemp(join(tmpdir(), 'egos-chat-file-')), 'bench.jsonl');
  await writeFile(filePath, text);
  await build({ logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
  const server = await preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  const browser = await launchBrowser();
  try {
    const { page } = browser;
    await page.addInitScript(FRAME_WATCH);
    await page.goto(url);
    await skipFirstRun(page);
    await page.getByRole('link', { name: 'New persona' }).waitFor();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const heap = async () => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
      return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
    };
    const baseline = await heap();
    let peak = baseline;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await heap());
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();

    const panel = page.getByTestId('chat-import');
    await page.evaluate('window.__egosWatch = true');
    const t0 = performance.now();
    await page.getByLabel('Import chat').setInputFiles(filePath);
    await panel.getByRole('button', { name: 'Import', exact: true }).waitFor({ timeout: 300_000 });
    const t1 = performance.now();
    const readGaps = (await page.evaluate('window.__egosGaps')) as { longest: number; frames: number };
    await page.evaluate('window.__egosGaps.longest = 0');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await panel.getByTestId('chat-import-done').waitFor({ timeout: 600_000 });
    const t2 = performance.now();
    await page.evaluate('window.__egosWatch = false');
    const gaps = (await page.evaluate('window.__egosGaps')) as { longest: number; frames: number };
    sampling = false;
    await sampler;
    await cdp.send('HeapProfiler.collectGarbage');
    const after = await heap();
    console.log(`headless Chromium (the app, real IndexedDB), file picked → "Imported":`);
    console.log(`  read: ${(t1 - t0).toFixed(0)} ms, ${rate(MESSAGES, t1 - t0)}; store: ${(t2 - t1).toFixed(0)} ms, ${rate(MESSAGES, t2 - t1)}`);
    console.log(`  whole import without the click in between: ${rate(MESSAGES, t2 - t0)}`);
    console.log(
      `  longest gap between two frames: ${readGaps.longest.toFixed(0)} ms while reading, ${gaps.longest.toFixed(0)} ms while storing (${gaps.frames} frames drawn in all)`,
    );
    console.log(`  JS heap: ${mb(baseline)} before, peak ${mb(peak)} (sampled every 50 ms), ${mb(after)} after the import and a garbage collection`);

    await panel.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByLabel('Import chat').setInputFiles(filePath);
    await panel.getByRole('button', { name: 'Import', exact: true }).click({ timeout: 300_000 });
    await page
      .getByTestId('chat-import-status')
      .filter({ hasText: /Saving: [5-9]\d,?\d{3} of/ })
      .waitFor({ timeout: 300_000 });
    await page.evaluate('window.__egosGaps.longest = 0; window.__egosWatch = true');
    const c0 = performance.now();
    await panel.getByRole('button', { name: 'Cancel' }).click();
    await panel.getByText('The import was cancelled; nothing was added.').waitFor({ timeout: 120_000 });
    const c1 = performance.now();
    const left = (await page.evaluate(`new Promise((resolve) => {
      const open = indexedDB.open('egos');
      open.onsuccess = () => {
        const request = open.result.transaction('messages').objectStore('messages').count();
        request.onsuccess = () => resolve(request.result);
      };
    })`)) as number;
    const cancelGaps = (await page.evaluate('window.__egosGaps')) as { longest: number };
    console.log(
      `  a second import cancelled past half way: everything removed ${(c1 - c0).toFixed(0)} ms after Cancel (longest frame gap meanwhile ${cancelGaps.longest.toFixed(0)} ms); ` +
        `${left.toLocaleString('en')} messages left stored (the first import's ${MESSAGES.toLocaleString('en')})`,
    );
  } finally {
    await browser.close();
    await server.close();
    await rm(outDir, { recursive: true, force: true });
    await rm(dirname(filePath), { recursive: true, force: true });
  }
}

export default async function run(): Promise<void> {
  const text = chatFile(MESSAGES);
  console.log(`${MESSAGES.toLocaleString('en')} messages (every tenth reply with 3 swipes), ${mb(Buffer.byteLength(text))} of JSONL`);
  await inNode(text);
  await inChromium(text);
}
