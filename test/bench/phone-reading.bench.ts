/**
 * How much conversation the chat shows on a phone: the characters of message text visible at
 * 390×844 and 360×740 (touch emulation) in a fixed 30-exchange chat opened at its newest message
 * (`test/e2e/phone-reading.ts`). Builds and serves this checkout, or the one named by
 * `EGOS_READING_ROOT` (e.g. a `git worktree` of an older commit, its node_modules a link to this
 * one's), so a before and an after are measured by the same script. Saves a screenshot of each
 * screen measured under the system temp folder (`egos-layout/phone-reading/`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { launchBrowser } from '../support/browser.ts';
import { READING_CHAT, seedReadingChat, visibleConversation } from '../e2e/phone-reading.ts';

export const name = 'Phone reading: message text visible on a phone screen';

const SIZES = [
  { width: 390, height: 844 },
  { width: 360, height: 740 },
];

export default async function run(): Promise<void> {
  process.env.NODE_ENV = 'production';
  const root = resolve(process.env.EGOS_READING_ROOT ?? process.cwd());
  const { build, preview } = await import('vite');
  const outDir = await mkdtemp(join(tmpdir(), 'egos-phone-reading-'));
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production', build: { outDir, emptyOutDir: true } });
  const server = await preview({
    root,
    configFile: join(root, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0 },
  });
  const url = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:4173/';
  console.log(`the build of ${root}; headless Chromium, touch, device pixel ratio 1; 30 exchanges in Spoken lines, opened at the newest`);
  try {
    for (const size of SIZES) {
      const browser = await launchBrowser({ phone: size, firstVisit: true });
      try {
        const chat = await seedReadingChat(browser.page, url);
        await browser.page.goto('about:blank');
        await browser.page.goto(chat);
        await browser.page.locator(`[data-message-id="reading-${READING_CHAT.length - 1}"]`).waitFor();
        const seen = await visibleConversation(browser.page);
        const shot = join(tmpdir(), 'egos-layout', 'phone-reading', `${basename(root)}-${size.width}x${size.height}.png`);
        await browser.page.screenshot({ path: shot });
        console.log(`  ${size.width}×${size.height}: ${seen.characters} characters of message text visible, in ${seen.messages} messages (${shot})`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  }
}
