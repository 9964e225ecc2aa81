import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, serveHtml, type HtmlServer, type LaunchedBrowser } from '../support/browser.ts';

const root = resolve(import.meta.dirname, '../..');
let browser: LaunchedBrowser;
let page: HtmlServer;

/** Bundles the real markdown adapter into one script for a blank page. */
async function bundleAdapter(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'egos-md-'));
  try {
    const entry = join(dir, 'entry.ts');
    await writeFile(
      entry,
      `export { createMarkdownRenderer } from '${root}/src/adapters/markdown/render-markdown.ts';\nexport { createSanitizer } from '${root}/src/adapters/markdown/sanitize-html.ts';\nexport { markdownToHtml } from '${root}/src/adapters/markdown/markdown-to-html.ts';\n`,
    );
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'EgosMarkdown' } },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunk = outputs.flatMap((o) => o.output).find((o) => o.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('the adapter bundle has no script');
    return chunk.code;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

beforeAll(async () => {
  const script = await bundleAdapter();
  page = await serveHtml(
    `<!doctype html><meta charset="utf-8"><body><div id="out"></div><script>${script.replace(/<\/script/gi, '<\\/script')}</script></body>`,
  );
  browser = await launchBrowser();
  await browser.page.goto(page.url);
});
afterAll(async () => {
  await browser.close();
  await page.close();
});

interface Rendered {
  html: string;
  tags: string[];
  handlers: string[];
  hrefs: Array<{ href: string; target: string | null; rel: string | null }>;
  styled: number;
}

/** Renders `input` in the page (Markdown renderer, or the sanitizer alone on raw HTML), inserts it, and reports what landed in the DOM. */
function render(input: string, mode: 'markdown' | 'sanitize'): Promise<Rendered> {
  return browser.page.evaluate(
    ([text, how]) => {
      const lib = (
        window as unknown as { EgosMarkdown: { createMarkdownRenderer(w: Window): (t: string) => string; createSanitizer(w: Window): (h: string) => string } }
      ).EgosMarkdown;
      const html = how === 'markdown' ? lib.createMarkdownRenderer(window)(text) : lib.createSanitizer(window)(text);
      const out = document.getElementById('out')!;
      out.innerHTML = html;
      const all = [...out.querySelectorAll('*')];
      return {
        html,
        tags: [...new Set(all.map((el) => el.tagName.toLowerCase()))].sort(),
        handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => a.name)),
        hrefs: [...out.querySelectorAll('a')].map((a) => ({
          href: a.getAttribute('href') ?? '',
          target: a.getAttribute('target'),
          rel: a.getAttribute('rel'),
        })),
        styled: out.querySelectorAll('[style], [class], [id]').length,
      };
    },
    [input, mode] as const,
  );
}

const ALLOWED = new Set(['p', 'em', 'strong', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'br', 'a']);

const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=2"><script>window.__pwned=3</script></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=4>',
  '<style>body{background:red}</style><p style="color:red" class="x" id="y">styled</p>',
  '<iframe src="javascript:window.__pwned=5"></iframe><object data="x"></object><embed src="x">',
  '<a href="javascript:window.__pwned=6">js</a> <a href=" JaVaScRiPt:window.__pwned=7">spaced</a> <a href="data:text/html,x">data</a> <a href="/relative">rel</a>',
  '<a href="https://example.com" target="_self" rel="opener" onclick="window.__pwned=8">ok</a>',
  '<form action="https://evil.test"><input name="q" autofocus onfocus="window.__pwned=9"><button>go</button></form>',
  '<details open ontoggle="window.__pwned=10"><summary>x</summary></details>',
  '<noscript><p title="</noscript><img src=x onerror=window.__pwned=11>"></noscript>',
];

/** The renderer's output for `text`, and what Markdown plus the sanitizer make of it (the path a plain text skips). */
function bothPaths(text: string): Promise<{ renderer: string; full: string }> {
  return browser.page.evaluate((t) => {
    const lib = (
      window as unknown as {
        EgosMarkdown: {
          createMarkdownRenderer(w: Window): (t: string) => string;
          createSanitizer(w: Window): (h: string) => string;
          markdownToHtml(t: string): string;
        };
      }
    ).EgosMarkdown;
    return { renderer: lib.createMarkdownRenderer(window)(t), full: lib.createSanitizer(window)(lib.markdownToHtml(t)) };
  }, text);
}

describe('the markdown adapter in Chromium', () => {
  it.each([
    '"Good evening. The engine is quiet tonight, so we may talk."',
    'He said it\'s "fine", and it wasn\'t.\nThen he left.\n\nLater, the rain.',
    '“你好，”她说。\n\n“今天很好。”',
    'A well-known fact: 7 hives (3 new), 10% more honey; ready?',
  ])('a plain text gets exactly the HTML of Markdown and the sanitizer: %s', async (text) => {
    const { renderer, full } = await bothPaths(text);
    expect(renderer).toBe(full);
    expect(renderer.startsWith('<p>')).toBe(true);
  });

  it.each(HOSTILE)('the sanitizer alone leaves raw HTML inert: %s', async (payload) => {
    const out = await render(payload, 'sanitize');
    expect(out.tags.filter((t) => !ALLOWED.has(t))).toEqual([]);
    expect(out.handlers).toEqual([]);
    expect(out.styled).toBe(0);
    for (const link of out.hrefs) {
      if (link.href) expect(link).toEqual({ href: expect.stringMatching(/^(https?:|mailto:)/), target: '_blank', rel: 'noopener noreferrer' });
      else expect(link).toEqual({ href: '', target: null, rel: null });
    }
  });

  it.each(HOSTILE)('the full renderer shows raw HTML as text: %s', async (payload) => {
    const out = await render(payload, 'markdown');
    expect(out.tags.filter((t) => !['p', 'br'].includes(t))).toEqual([]);
    expect(out.handlers).toEqual([]);
  });

  it('renders italic actions, bold, lists, quotes, code and safe links', async () => {
    const out = await render(
      '*smiles* **Yes.**\n\n- one\n- two\n\n> quoted\n\n`code` [site](https://example.com) [bad](javascript:alert(1)) ![pic](https://example.com/p.png)',
      'markdown',
    );
    expect(out.tags).toEqual(['a', 'blockquote', 'code', 'em', 'li', 'p', 'strong', 'ul']);
    expect(out.hrefs).toEqual([{ href: 'https://example.com', target: '_blank', rel: 'noopener noreferrer' }]);
    expect(out.html).toContain('bad');
    expect(out.html).toContain('pic');
  });

  it('nothing it rendered ran', async () => {
    await browser.page.waitForTimeout(300);
    expect(await browser.page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });
});
