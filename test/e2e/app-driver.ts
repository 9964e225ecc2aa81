/** Steps a person takes in the app, shared by the e2e tests. */
import type { Page } from 'playwright-core';

export async function createPersona(page: Page, persona: { name: string; description: string; greeting: string }): Promise<void> {
  await page.getByRole('link', { name: 'New persona' }).click();
  await page.getByLabel('Name').fill(persona.name);
  await page.getByLabel('Description').fill(persona.description);
  await page.getByLabel('Greeting').fill(persona.greeting);
  await page.getByRole('button', { name: 'Save persona' }).click();
  await page.getByRole('heading', { name: persona.name }).waitFor();
}

/** From the persona list at `baseUrl`, opens the editor of the persona named `name`. */
export async function openPersonaEditor(page: Page, baseUrl: string, name: string): Promise<void> {
  await page.goto(baseUrl);
  await page
    .getByRole('link', { name: new RegExp(name) })
    .first()
    .click();
  await page.getByRole('link', { name: 'Edit' }).click();
  await page.getByRole('heading', { name: `Edit ${name}` }).waitFor();
}

/** On the first-run screen (a first visit), presses Skip and waits for the persona list. */
export async function skipFirstRun(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Skip: go to the persona list' }).click();
  await page.getByRole('heading', { level: 1, name: 'Personas' }).waitFor();
}

/** On a phone the chat's panels are behind the Chat tools button: opens them (nothing to do on a wide screen). */
export async function openChatTools(page: Page): Promise<void> {
  const toggle = page.getByTestId('chat-tools-toggle');
  await page.locator('#chat-title').waitFor();
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

/** Clicks a link of the header; on a phone the links are in the header's menu, which is opened first. */
export async function headerLink(page: Page, testId: string): Promise<void> {
  const link = page.getByTestId(testId);
  const menu = page.getByTestId('menu-toggle');
  // Whichever shows: the link (a wide screen, or the menu already open) or the menu button.
  await page.locator(`[data-testid="${testId}"]:visible, [data-testid="menu-toggle"]:visible`).first().waitFor();
  if (!(await link.isVisible())) await menu.click();
  await link.click();
}

export async function connectEndpoint(page: Page, baseUrl: string, model: string, contextWindow?: number): Promise<void> {
  await headerLink(page, 'engine-link');
  await page.getByLabel('Base URL').fill(baseUrl);
  await page.getByLabel('Model name').fill(model);
  if (contextWindow) await page.getByLabel('Context window (tokens)').fill(String(contextWindow));
  await page.getByRole('button', { name: 'Connect' }).click();
  await page.getByTestId('endpoint-ready').waitFor();
}

/** The name the tests give when the app asks what the characters should call the user. */
export const USER_NAME = 'Tom';

/**
 * When the persona page asks what the character should call the user (the first "New chat"
 * before any name is known), answers `userName` and starts the chat; otherwise does nothing.
 * Call it right after pressing "New chat": it waits for the question or for the chat.
 */
export async function answerNameIfAsked(page: Page, userName = USER_NAME): Promise<void> {
  const question = page.getByTestId('user-name-form');
  await question
    .or(page.getByRole('list', { name: 'Messages' }))
    .first()
    .waitFor();
  if (!(await question.isVisible())) return;
  await question.getByRole('textbox').fill(userName);
  await question.getByRole('button', { name: 'Save and start the chat' }).click();
}

/** Presses "New chat" on the open persona page, answers the name question if asked, and waits for the chat. */
export async function newChat(page: Page, userName = USER_NAME): Promise<void> {
  await page.getByRole('button', { name: 'New chat' }).click();
  await answerNameIfAsked(page, userName);
  await page.getByRole('list', { name: 'Messages' }).waitFor();
}

/** Opens a persona from the list and starts a new chat with it (giving `userName` if the app asks for a name). */
export async function startChat(page: Page, personaName: string, userName = USER_NAME): Promise<void> {
  await page.goto(new URL('#/', page.url()).href);
  await page
    .getByRole('link', { name: new RegExp(personaName) })
    .first()
    .click();
  await newChat(page, userName);
}

export async function send(page: Page, text: string): Promise<void> {
  await page.getByLabel('Your message').fill(text);
  await page.getByLabel('Your message').press('Enter');
}

/** Texts of the messages shown, in order. */
export async function messageTexts(page: Page): Promise<string[]> {
  return page.getByTestId('message').locator('.text').allInnerTexts();
}

/** Replaces the text of stored messages (by id) straight in IndexedDB; the page shows it after a reload. */
export async function rewriteMessages(page: Page, texts: Record<string, string>): Promise<void> {
  await page.evaluate(async (texts) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('egos');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const tx = db.transaction('messages', 'readwrite');
    const store = tx.objectStore('messages');
    for (const [id, text] of Object.entries(texts)) {
      store.get(id).onsuccess = (event) => {
        const message = (event.target as IDBRequest<Record<string, unknown>>).result;
        store.put({ ...message, text });
      };
    }
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, texts);
}

/**
 * Texts of every message of the open chat, in order. A long chat renders only the rows near the
 * viewport, so the window is made tall enough to hold all of them while they are read.
 */
export async function allMessageTexts(page: Page): Promise<string[]> {
  const size = page.viewportSize() ?? { width: 1280, height: 720 };
  await page.setViewportSize({ width: size.width, height: 8000 });
  try {
    await page.getByRole('list', { name: 'Messages' }).evaluate(
      (list) =>
        new Promise<void>((resolve) => {
          const whole = () => list.children.length > 0 && list.children.length === Number(list.children[0]?.getAttribute('aria-setsize'));
          const check = () => (whole() ? resolve() : requestAnimationFrame(check));
          check();
        }),
    );
    return await messageTexts(page);
  } finally {
    await page.setViewportSize(size);
  }
}

/**
 * Presses Tab (Shift+Tab with `backwards`) until `target` has the focus.
 * @throws Error when it is not reached within `max` presses.
 */
export async function tabTo(page: Page, target: ReturnType<Page['locator']>, options: { max?: number; backwards?: boolean } = {}): Promise<void> {
  const max = options.max ?? 80;
  await target.waitFor();
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`${String(target)} was not reached with ${max} Tab presses`);
}

/** How the focused element shows its focus: its outline and box shadow, and whether it matches :focus-visible. */
export async function focusStyle(page: Page): Promise<{ tag: string; focusVisible: boolean; outline: string; boxShadow: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { tag: 'body', focusVisible: false, outline: 'none', boxShadow: 'none' };
    const style = getComputedStyle(el);
    const outline =
      style.outlineStyle === 'none' || parseFloat(style.outlineWidth) === 0 ? 'none' : `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    return { tag: el.tagName.toLowerCase(), focusVisible: el.matches(':focus-visible'), outline, boxShadow: style.boxShadow };
  });
}

/** What {@link seedLongChat} wrote. */
export interface SeededChat {
  chatId: string;
  personaId: string;
  /** Start of the first and of the last seeded message's text ("Message 1:", "Message 5000:"). */
  first: string;
  last: string;
  /** How many summary markers sit between the messages. */
  summaries: number;
}

/**
 * Replaces the messages of the chat open in `page` with `count` generated ones ("Message N: …",
 * alternating character and user lines of varied length, with Markdown) and adds scene
 * summaries ending after message 6, every `summaryEvery` messages, and 4 before the end
 * (`count` ≥ 12), written straight into IndexedDB with the app's schema; then reloads the page.
 */
export async function seedLongChat(page: Page, count: number, summaryEvery = 250): Promise<SeededChat> {
  const match = /#\/persona\/([^/]+)\/chat\/([^/?#]+)/.exec(page.url());
  if (!match) throw new Error(`open a chat before seeding (at ${page.url()})`);
  const personaId = decodeURIComponent(match[1] ?? '');
  const chatId = decodeURIComponent(match[2] ?? '');
  const written = await page.evaluate(
    async ({ chatId, personaId, count, summaryEvery }) => {
      const lines = [
        'Yes.',
        '*smiles and sets the cup down* **Indeed**, the engine can weave algebraic patterns just as the loom weaves flowers and leaves.',
        'Tell me more about the cards.',
        'The cards come in two kinds:\n\n- operation cards, which say *what* to do\n- variable cards, which say *where* the numbers live\n\nTogether they make a program, though nobody calls it that yet.',
        'A much longer line that goes on and on about the difference engine, the analytical engine, Babbage, the mill and the store, punched cards borrowed from Jacquard, and whether a machine might one day compose elaborate pieces of music of any degree of complexity or extent.',
      ];
      // No named inner functions: tsx (esbuild keepNames) would wrap them in a helper the page lacks.
      const texts = Array.from({ length: count }, (_, i) => `Message ${i + 1}: ${lines[(i * 7) % lines.length]}`);
      const ends = [5];
      for (let end = summaryEvery - 1; end < count - 4; end += summaryEvery) if (end > 5) ends.push(end);
      ends.push(count - 4);
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('egos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['messages', 'memories'], 'readwrite');
      const messages = tx.objectStore('messages');
      const range = IDBKeyRange.bound([chatId, -Infinity], [chatId, Infinity]);
      messages.index('[chatId+seq]').openCursor(range).onsuccess = (event) => {
        const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
        if (cursor) {
          cursor.delete();
          cursor.continue();
          return;
        }
        const start = Date.now() - count * 60_000;
        for (let i = 0; i < count; i++) {
          const at = start + i * 60_000;
          const role = i % 2 === 0 ? 'assistant' : 'user';
          messages.put({ id: `seed-${chatId}-${i}`, chatId, seq: i, role, text: texts[i], status: 'complete', createdAt: at, updatedAt: at });
        }
        const memories = tx.objectStore('memories');
        ends.forEach((to, k) => {
          const from = k === 0 ? 0 : (ends[k - 1] ?? 0) + 1;
          memories.put({
            id: `seed-summary-${chatId}-${to}`,
            personaId,
            chatId,
            kind: 'summary',
            text: `Topic: messages ${from + 1} to ${to + 1}. They talked about engines and looms.`,
            importance: 5,
            pinned: false,
            createdAt: start,
            updatedAt: start,
            lastAccessedAt: start,
            accessCount: 0,
            range: { fromSeq: from, toSeq: to },
            level: 0,
          });
        });
      };
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
      return { first: 'Message 1:', last: `Message ${count}:`, summaries: ends.length };
    },
    { chatId, personaId, count, summaryEvery },
  );
  await page.reload();
  return { chatId, personaId, ...written };
}
