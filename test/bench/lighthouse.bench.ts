/**
 * Lighthouse on the production build served by `vite preview`, in headless Debian Chromium
 * (CHROME_PATH, default /usr/bin/chromium): performance, accessibility and best-practices
 * scores for the mobile (default, simulated slow 4G and 4× CPU slowdown) and desktop presets,
 * the audits that cost points, and the initial JS (entry + modulepreloads) gzipped. The chat
 * screen is measured on the mobile preset too, in the light and the dark theme: a profile is
 * seeded first (a persona replying in spoken lines, a 30-exchange chat, the theme chosen; see
 * test/e2e/phone-reading.ts) and Lighthouse opens the chat in a copy of it, keeping its storage
 * and its HTTP cache (revalidated: the preview server sends no-cache), as a returning visitor.
 * `LIGHTHOUSE_ONLY=chat` measures only the runs whose name holds that text.
 * Targets: performance ≥ 0.95, accessibility 1.0, best practices 1.0, initial JS ≤ 100 KB gzip.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../support/browser.ts';
import { seedReadingChat } from '../e2e/phone-reading.ts';

export const name = 'Lighthouse: performance, accessibility, best practices; initial JS size';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
const TARGETS: Record<string, number> = { performance: 0.95, accessibility: 1, 'best-practices': 1 };
const JS_TARGET_KB = 100;

interface LhAudit {
  id: string;
  title: string;
  score: number | null;
  scoreDisplayMode: string;
  displayValue?: string;
  numericValue?: number;
  details?: LhNodes;
}
/** What an audit's details name: the nodes (the LCP element, the elements that shifted), the scripts (bootup-time). */
interface LhNodes {
  items?: Array<{
    node?: { selector?: string; snippet?: string };
    score?: number;
    items?: Array<{ node?: { selector?: string; snippet?: string } }>;
    /** bootup-time: a script and the main-thread time it took (ms). */
    url?: string;
    total?: number;
    /** long-tasks: when a task started and how long it ran (ms). */
    startTime?: number;
    duration?: number;
  }>;
}
interface LhResult {
  /** Set when the run itself failed (no paint, a page error): its scores are then 0. */
  runtimeError?: { code: string; message: string };
  categories: Record<string, { score: number | null; auditRefs: Array<{ id: string; weight: number }> }>;
  audits: Record<string, LhAudit>;
}
type LighthouseFn = (url: string, flags: Record<string, unknown>, config?: unknown) => Promise<{ lhr: LhResult } | undefined>;

/** Sizes of the scripts index.html loads before anything else: the entry and its modulepreloads. */
async function initialJs(outDir: string): Promise<Array<{ file: string; raw: number; gzip: number }>> {
  const html = await readFile(join(outDir, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  return Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(join(outDir, file));
      return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    }),
  );
}

function printCategory(lhr: LhResult, id: string): void {
  const category = lhr.categories[id];
  if (!category) return;
  const score = category.score ?? 0;
  const mark = score >= (TARGETS[id] ?? 1) ? 'ok' : `BELOW target ${TARGETS[id]}`;
  console.log(`  ${id}: ${score.toFixed(2)} (${mark})`);
  for (const ref of category.auditRefs) {
    const audit = lhr.audits[ref.id];
    if (!audit || audit.scoreDisplayMode === 'notApplicable' || audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'manual') continue;
    if (audit.score !== null && audit.score < 1 && (ref.weight > 0 || id !== 'performance')) {
      console.log(`    - ${audit.id} (${audit.score.toFixed(2)}, weight ${ref.weight}): ${audit.title}${audit.displayValue ? ` — ${audit.displayValue}` : ''}`);
    }
  }
}

/** Which element was the largest paint, which shifted and which scripts were busiest: where to look when performance is below target. */
function printCulprits(lhr: LhResult): void {
  const nodes = (id: string) =>
    (lhr.audits[id]?.details?.items ?? [])
      .flatMap((item) => (item.node ? [item.node] : (item.items ?? []).flatMap((inner) => (inner.node ? [inner.node] : []))))
      .map((node) => node.selector ?? node.snippet ?? '?');
  const lcp = nodes('largest-contentful-paint-element');
  const shifted = nodes('layout-shifts');
  if (lcp.length > 0) console.log(`  largest paint: ${lcp[0]}`);
  if (shifted.length > 0) console.log(`  shifted: ${shifted.slice(0, 5).join(' | ')}`);
  // The scripts that kept the main thread busiest (what the total blocking time comes from).
  const busiest = (lhr.audits['bootup-time']?.details?.items ?? [])
    .flatMap((item) => (item.url && item.total !== undefined ? [{ url: item.url, total: item.total }] : []))
    .sort((a, b) => b.total - a.total)
    .slice(0, 3);
  // The long tasks (simulated), in order: when the blocking time is high, which moments of the load it comes from.
  const long = (lhr.audits['long-tasks']?.details?.items ?? []).flatMap((item) =>
    item.duration !== undefined && item.startTime !== undefined ? [`${item.startTime.toFixed(0)}+${item.duration.toFixed(0)} ms`] : [],
  );
  if (long.length > 0) console.log(`  long tasks: ${long.join(' · ')}`);
  if (busiest.length > 0)
    console.log(`  main thread: ${busiest.map((b) => `${b.url.replace(/^https?:\/\/[^/]+\//, '')} ${b.total.toFixed(0)} ms`).join(' · ')}`);
}

function printMetrics(lhr: LhResult): void {
  const ids = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  console.log(`  metrics: ${ids.map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id]?.displayValue ?? '?'}`).join(' · ')}`);
}

/**
 * A closed browser profile in which the app at `url` has a persona, a 30-exchange chat with it and
 * `theme` chosen, without the service worker and caches (so Lighthouse loads the app from the
 * server, as in the other runs, with the chat's data there). Returns the profile and the chat's address.
 */
async function chatProfile(url: string, theme: 'light' | 'dark'): Promise<{ dir: string; chat: string }> {
  const dir = await mkdtemp(join(tmpdir(), `egos-lighthouse-${theme}-`));
  const browser = await launchBrowser({ firstVisit: true, userDataDir: dir });
  try {
    const { page } = browser;
    const chat = await seedReadingChat(page, url);
    const menu = page.getByTestId('menu-toggle');
    if (await menu.isVisible()) await menu.click();
    await page.getByTestId('theme-select').selectOption(theme);
    // The choice is saved: a fresh load of the chat shows it.
    await page.goto('about:blank');
    await page.goto(chat);
    await page.waitForFunction((wanted) => document.documentElement.dataset.theme === wanted, theme);
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.goto('about:blank');
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: new URL(url).origin, storageTypes: 'service_workers,cache_storage' });
    return { dir, chat };
  } finally {
    await browser.close();
  }
}

export default async function run(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const { build, preview } = await import('vite');
  let lighthouse: LighthouseFn;
  let launch: typeof import('chrome-launcher').launch;
  let desktopConfig: unknown;
  try {
    const lh = await import('lighthouse');
    lighthouse = lh.default as unknown as LighthouseFn;
    desktopConfig = lh.desktopConfig;
    launch = (await import('chrome-launcher')).launch;
  } catch (error) {
    console.log(`lighthouse is not installed (${String(error)}); add it as a devDependency: npm install -D lighthouse`);
    return;
  }

  const outDir = await mkdtemp(join(tmpdir(), 'egos-lighthouse-'));
  const server = await (async () => {
    await build({ logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
    return preview({ logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0 } });
  })();
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';

  const js = await initialJs(outDir);
  const gzipKb = js.reduce((s, f) => s + f.gzip, 0) / 1024;
  console.log(`initial JS: ${js.map((f) => `${f.file} ${(f.raw / 1024).toFixed(1)} KB (${(f.gzip / 1024).toFixed(1)} KB gzip)`).join(', ')}`);
  console.log(`initial JS total: ${gzipKb.toFixed(1)} KB gzip (${gzipKb <= JS_TARGET_KB ? 'ok' : `ABOVE target ${JS_TARGET_KB} KB`})`);

  const chromePath = process.env.CHROME_PATH ?? '/usr/bin/chromium';
  // LIGHTHOUSE_ONLY=chat (a part of a run's name) measures only the runs it names.
  const only = process.env.LIGHTHOUSE_ONLY;
  const wanted = (preset: string) => !only || preset.includes(only);
  const LIGHT = 'mobile, chat screen, light theme';
  const DARK = 'mobile, chat screen, dark theme';
  const light = wanted(LIGHT) ? await chatProfile(url, 'light') : null;
  const dark = wanted(DARK) ? await chatProfile(url, 'dark') : null;
  const runs: Array<[string, string, unknown, string?]> = [
    ['mobile (default)', url, undefined],
    ['desktop', url, desktopConfig],
    ['desktop, Engine screen', `${url}#/engine`, desktopConfig],
    ...(light ? [[LIGHT, light.chat, undefined, light.dir] as [string, string, unknown, string]] : []),
    ...(dark ? [[DARK, dark.chat, undefined, dark.dir] as [string, string, unknown, string]] : []),
  ];
  for (const [preset, page, config, profile] of runs.filter(([preset]) => wanted(preset))) {
    // A seeded profile is used in a copy, so a run leaves it as it was.
    const userDataDir = profile ? await mkdtemp(join(tmpdir(), 'egos-lighthouse-run-')) : undefined;
    if (profile && userDataDir) await cp(profile, userDataDir, { recursive: true });
    const chrome = await launch({
      chromePath,
      ...(userDataDir ? { userDataDir } : {}),
      chromeFlags: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const started = performance.now();
      const flags = {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: [...CATEGORIES],
        ...(profile ? { disableStorageReset: true } : {}),
      };
      const result = await lighthouse(page, flags, config);
      if (!result) throw new Error('Lighthouse returned no result');
      console.log(`\n${preset} — ${page} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      for (const id of CATEGORIES) printCategory(result.lhr, id);
      printMetrics(result.lhr);
      if (result.lhr.runtimeError) console.log(`  run failed (${result.lhr.runtimeError.code}): ${result.lhr.runtimeError.message} — run the bench again`);
      if ((result.lhr.categories.performance?.score ?? 1) < (TARGETS.performance ?? 1)) printCulprits(result.lhr);
    } finally {
      chrome.kill();
      if (userDataDir) await rm(userDataDir, { recursive: true, force: true });
    }
  }
  await server.close();
  for (const dir of [outDir, light?.dir, dark?.dir]) if (dir) await rm(dir, { recursive: true, force: true });
}
