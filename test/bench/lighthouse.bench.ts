/**
 * Lighthouse on the production build served by `vite preview`, in headless Debian Chromium
 * (CHROME_PATH, default /usr/bin/chromium): performance, accessibility and best-practices
 * scores for the mobile (default, simulated slow 4G and 4× CPU slowdown) and desktop presets,
 * the audits that cost points, and the initial JS (entry + modulepreloads) gzipped.
 * Targets: performance ≥ 0.95, accessibility 1.0, best practices 1.0, initial JS ≤ 100 KB gzip.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

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
/** The nodes an audit's details name (the LCP element, the elements that shifted). */
interface LhNodes {
  items?: Array<{ node?: { selector?: string; snippet?: string }; score?: number; items?: Array<{ node?: { selector?: string; snippet?: string } }> }>;
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

/** Which element was the largest paint and which shifted: where to look when performance is below target. */
function printCulprits(lhr: LhResult): void {
  const nodes = (id: string) =>
    (lhr.audits[id]?.details?.items ?? [])
      .flatMap((item) => (item.node ? [item.node] : (item.items ?? []).flatMap((inner) => (inner.node ? [inner.node] : []))))
      .map((node) => node.selector ?? node.snippet ?? '?');
  const lcp = nodes('largest-contentful-paint-element');
  const shifted = nodes('layout-shifts');
  if (lcp.length > 0) console.log(`  largest paint: ${lcp[0]}`);
  if (shifted.length > 0) console.log(`  shifted: ${shifted.slice(0, 5).join(' | ')}`);
}

function printMetrics(lhr: LhResult): void {
  const ids = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift', 'speed-index'];
  console.log(`  metrics: ${ids.map((id) => `${id.replace(/-/g, ' ')} ${lhr.audits[id]?.displayValue ?? '?'}`).join(' · ')}`);
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
  const runs: Array<[string, string, unknown]> = [
    ['mobile (default)', url, undefined],
    ['desktop', url, desktopConfig],
    ['desktop, Engine screen', `${url}#/engine`, desktopConfig],
  ];
  for (const [preset, page, config] of runs) {
    const chrome = await launch({
      chromePath,
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
      const result = await lighthouse(page, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] }, config);
      if (!result) throw new Error('Lighthouse returned no result');
      console.log(`\n${preset} — ${page} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      for (const id of CATEGORIES) printCategory(result.lhr, id);
      printMetrics(result.lhr);
      if (result.lhr.runtimeError) console.log(`  run failed (${result.lhr.runtimeError.code}): ${result.lhr.runtimeError.message} — run the bench again`);
      if ((result.lhr.categories.performance?.score ?? 1) < (TARGETS.performance ?? 1)) printCulprits(result.lhr);
    } finally {
      chrome.kill();
    }
  }
  await server.close();
  await rm(outDir, { recursive: true, force: true });
}
