/**
 * How much conversation a phone shows, measured as conversation: one fixed chat (Ada Lovelace,
 * Spoken line, 30 exchanges of short-to-medium lines) and the characters of message text that are
 * visible on the screen once the chat is open at its newest message. Used by
 * `phone-reading.test.ts` and by `npm run bench -- phone-reading`, which also measures another
 * checkout's build (the figure before the phone layout).
 */
import type { Page } from 'playwright-core';

/** The character's lines (Spoken line: one quoted line each) and the user's, cycled through. */
const CHARACTER_LINES = [
  '"Good evening. The engine is quiet tonight, so we may talk."',
  '"The cards tell it what to do; the store remembers where the numbers live."',
  '"Yes."',
  '"I think it could compose music, if we taught it the rules of harmony well enough."',
  '"Mr Babbage disagrees, of course. He usually does, until he agrees."',
  '"Then let us try the Bernoulli numbers first: they are hard enough to prove the point."',
];
const USER_LINES = [
  'How does it know what to do next?',
  'Could it do more than sums?',
  'Does anyone else believe that?',
  'What would you try first?',
  'Show me.',
];

/** The chat's messages in order: the character first, then the user, 30 exchanges in all (60 messages). */
export const READING_CHAT: readonly string[] = Array.from({ length: 60 }, (_, i) =>
  i % 2 === 0 ? (CHARACTER_LINES[(i / 2) % CHARACTER_LINES.length] ?? '') : (USER_LINES[((i - 1) / 2) % USER_LINES.length] ?? ''),
);

/**
 * From the app at `baseUrl` (the persona list, or the first-run screen, which it skips), creates
 * Ada Lovelace replying in Spoken lines, starts a chat with her (answering the name question) and
 * replaces its messages with {@link READING_CHAT}, written straight into IndexedDB; reloads and
 * waits for the newest message. Returns the chat's address.
 */
export async function seedReadingChat(page: Page, baseUrl: string): Promise<string> {
  await page.goto(baseUrl);
  const skip = page.getByRole('button', { name: 'Skip: go to the persona list' });
  const list = page.getByRole('heading', { level: 1, name: 'Personas' });
  await skip.or(list).first().waitFor();
  if (await skip.isVisible()) await skip.click();
  await list.waitFor();
  await page.getByRole('link', { name: 'New persona' }).click();
  await page.getByLabel('Name').fill('Ada Lovelace');
  await page.getByLabel('Description').fill('Mathematician, London, 1843.');
  await page.getByLabel('Greeting').fill('"Good evening."');
  await page.getByRole('radio', { name: 'Spoken line', exact: true }).check();
  await page.getByRole('button', { name: 'Save persona' }).click();
  await page.getByRole('heading', { name: 'Ada Lovelace' }).waitFor();
  await page.getByRole('button', { name: 'New chat' }).click();
  const question = page.getByTestId('user-name-form');
  await question
    .or(page.getByRole('list', { name: 'Messages' }))
    .first()
    .waitFor();
  if (await question.isVisible()) {
    await question.getByRole('textbox').fill('Tom');
    await question.getByRole('button', { name: 'Save and start the chat' }).click();
  }
  await page.getByRole('list', { name: 'Messages' }).waitFor();
  const chatId = decodeURIComponent(/\/chat\/([^/?#]+)/.exec(page.url())?.[1] ?? '');
  if (!chatId) throw new Error(`no chat open at ${page.url()}`);
  await page.evaluate(
    async ({ chatId, texts }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('egos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction('messages', 'readwrite');
      const messages = tx.objectStore('messages');
      // No named inner functions: tsx (esbuild keepNames) would wrap them in a helper the page lacks.
      messages.index('[chatId+seq]').openCursor(IDBKeyRange.bound([chatId, -Infinity], [chatId, Infinity])).onsuccess = (event) => {
        const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
        if (cursor) {
          cursor.delete();
          cursor.continue();
          return;
        }
        const start = Date.UTC(2026, 0, 1, 20);
        texts.forEach((text, seq) => {
          const at = start + seq * 60_000;
          const role = seq % 2 === 0 ? 'assistant' : 'user';
          messages.put({ id: `reading-${seq}`, chatId, seq, role, text, status: 'complete', createdAt: at, updatedAt: at });
        });
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { chatId, texts: [...READING_CHAT] },
  );
  await page.reload();
  await page.locator(`[data-message-id="reading-${READING_CHAT.length - 1}"]`).waitFor();
  return page.url();
}

/** What {@link visibleConversation} counted. */
export interface VisibleConversation {
  /** Characters of message text (not whitespace) on the screen and not covered by anything. */
  characters: number;
  /** Messages with at least one such character. */
  messages: number;
  /** The newest message's characters: how many are visible, of how many. */
  newest: { seen: number; of: number };
}

/**
 * Scrolls the chat history to its end and counts the characters of message text (the `.text` of
 * each message row; names, times and buttons not counted) that are on the screen: a character
 * counts when the point at its centre is inside the viewport and the topmost element there is
 * that text (so what the header, the composer or anything else covers does not count).
 */
export async function visibleConversation(page: Page): Promise<VisibleConversation> {
  await page.evaluate(async () => {
    const scroller = document.querySelector('[aria-label="Chat history"]');
    if (!scroller) throw new Error('no chat history on the screen');
    for (let i = 0; i < 5; i++) {
      scroller.scrollTop = scroller.scrollHeight;
      await new Promise((resolve) => requestAnimationFrame(resolve));
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
  return page.evaluate(() => {
    let characters = 0;
    let messages = 0;
    const newest = { seen: 0, of: 0 };
    for (const text of document.querySelectorAll('[data-testid="message"] .text')) {
      let seen = 0;
      let of = 0;
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = node.nodeValue ?? '';
        for (let i = 0; i < value.length; i++) {
          if (/\s/.test(value[i] ?? ' ')) continue;
          of++;
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const box = range.getBoundingClientRect();
          const x = box.left + box.width / 2;
          const y = box.top + box.height / 2;
          if (box.width === 0 || x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
          const top = document.elementFromPoint(x, y);
          if (top && text.contains(top)) seen++;
        }
      }
      characters += seen;
      if (seen > 0) messages++;
      Object.assign(newest, { seen, of });
    }
    return { characters, messages, newest };
  });
}
