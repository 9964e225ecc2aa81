import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { JUDGE_DIMENSIONS } from '../../src/core/eval/dimensions.ts';
import { collectPageErrors } from '../support/browser.ts';
import type { RecordedRequest } from '../support/openai-fixture-server.ts';
import { useAppHarness } from './harness.ts';
import { answerNameIfAsked, connectEndpoint, createPersona, openChatTools, seedLongChat, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const sent = (r: RecordedRequest): string => JSON.stringify(r.body?.messages ?? '');
const isJudge = (r: RecordedRequest): boolean => sent(r).includes('strict and fair evaluator');
const FACT = 'Ada wrote that the Analytical Engine weaves algebraic patterns as the Jacquard loom weaves flowers and leaves.';

/** Stores a persona-level fact for the persona of the chat open in `page`, straight into IndexedDB with the app's schema. */
async function seedFact(page: Page, personaId: string, text: string): Promise<void> {
  await page.evaluate(
    async ({ personaId, text }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('egos');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(['memories'], 'readwrite');
      const at = Date.now();
      tx.objectStore('memories').put({
        id: 'seed-fact-loom',
        personaId,
        kind: 'fact',
        text,
        importance: 7,
        pinned: false,
        createdAt: at,
        updatedAt: at,
        lastAccessedAt: at,
        accessCount: 0,
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { personaId, text },
  );
}

describe('rating a chat', () => {
  it('rates a long chat on every dimension with a comment, keeps it after a reload, and the evaluation judges it and shows the agreement', async () => {
    const { page } = env.browser;
    const log = collectPageErrors(page);
    // The character answers in quote mode; the judge gives rated chats 3 and interview answers 4.
    env.server.setScript((r) => {
      if (r.method !== 'POST') return {};
      if (!isJudge(r)) return { tokens: ['Ada Lovelace: "', 'Numbers are my poetry."'] };
      return { tokens: sent(r).includes('[Chat]') ? ['It holds together.\n', 'Score: 3'] : ['Fits her.\n', 'Score: 4'] };
    });
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await startChat(page, 'Ada Lovelace');
    // 44 messages: 22 of them the user's.
    const seeded = await seedLongChat(page, 44);
    await seedFact(page, seeded.personaId, FACT);

    await openChatTools(page);
    const panel = page.getByTestId('chat-rating');
    await panel.locator('summary').click();
    for (const [i, dimension] of JUDGE_DIMENSIONS.entries()) await page.getByTestId(`chat-rating-${dimension}`).selectOption(String((i % 5) + 1));
    await page.getByTestId('chat-rating-comment').fill('Clever about engines, a little stiff.');
    await page.getByTestId('chat-rating-save').click();
    expect(await page.getByTestId('chat-rating-status').innerText()).toBe('Rating saved.');

    await page.reload();
    await openChatTools(page);
    await page.getByTestId('chat-rating').locator('summary').click();
    expect(await page.getByTestId('chat-rating').locator('summary').innerText()).toBe('Your rating of this chat');
    for (const [i, dimension] of JUDGE_DIMENSIONS.entries()) expect(await page.getByTestId(`chat-rating-${dimension}`).inputValue()).toBe(String((i % 5) + 1));
    expect(await page.getByTestId('chat-rating-comment').inputValue()).toBe('Clever about engines, a little stiff.');

    await page.goto(new URL(`#/persona/${seeded.personaId}`, page.url()).href);
    await page.getByRole('link', { name: 'Evaluate' }).click();
    await page.getByRole('heading', { name: 'Evaluate Ada Lovelace' }).waitFor();
    await page.getByRole('button', { name: 'Remove all questions' }).click();
    await page.getByLabel('New question').fill('Who are you?');
    await page.getByRole('button', { name: 'Add question' }).click();
    await page.getByLabel('Also judge the chats I rated (1 rated)').check();
    await page.getByRole('button', { name: 'Run evaluation' }).click();
    await page.locator('[data-testid="eval-run"][data-status="done"], [data-testid="eval-error"]').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('eval-error').allInnerTexts()).toEqual([]);

    const chatJudged = env.server.completions().filter((r) => isJudge(r) && sent(r).includes('[Chat]'));
    expect(chatJudged).toHaveLength(JUDGE_DIMENSIONS.length);
    const correctness = chatJudged.filter((r) => sent(r).includes('[Dimension: Correctness]'));
    expect(correctness).toHaveLength(1);
    expect(sent(correctness[0]!)).toContain(`Fact: ${FACT}`);

    const agreement = page.getByTestId('eval-agreement');
    expect(await agreement.getByTestId('agreement-rho').first().innerText()).toBe('needs at least 3 chats rated and judged (has 1)');
    const scores = await agreement.getByTestId('rated-chat-scores').innerText();
    expect(scores).toContain('Overall');
    expect(scores).toMatch(/\b3\.00\b/);
    expect(log.errors).toEqual([]);
  });

  it("rates a group chat as a whole; a member that said too few replies there gets it left out with the reason, the host's evaluation offers it", async () => {
    const { page } = env.browser;
    const log = collectPageErrors(page);
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Charles Babbage', description: 'Inventor, London, 1843.', greeting: 'Come in.' });
    await page.goto(new URL('#/', page.url()).href);
    await createPersona(page, { name: 'Ada Lovelace', description: 'Mathematician, London, 1843.', greeting: 'Good evening.' });
    await page.getByRole('button', { name: 'New group chat' }).click();
    const form = page.getByTestId('new-group');
    await form.getByLabel('Charles Babbage').check();
    await form.getByRole('button', { name: 'Start group chat' }).click();
    await answerNameIfAsked(page);
    await page.getByTestId('message').first().waitFor();
    // Every seeded reply is the host's (no speaker named): Ada hosts, Charles said none.
    const seeded = await seedLongChat(page, 44);

    await openChatTools(page);
    await page.getByTestId('chat-rating').locator('summary').click();
    // The panel's body renders once it is open.
    await page.getByTestId('chat-rating-overall').waitFor();
    expect(await page.getByTestId('chat-rating').innerText()).toContain('This is a group chat: rate the chat as a whole.');
    await page.getByTestId('chat-rating-overall').selectOption('4');
    await page.getByTestId('chat-rating-save').click();
    expect(await page.getByTestId('chat-rating-status').innerText()).toBe('Rating saved.');

    await page.goto(new URL(`#/persona/${seeded.personaId}/eval`, page.url()).href);
    await page.getByLabel('Also judge the chats I rated (1 rated)').waitFor();
    await page.goto(new URL('#/', page.url()).href);
    await page
      .getByRole('link', { name: /Charles Babbage/ })
      .first()
      .click();
    await page.getByRole('link', { name: 'Evaluate' }).click();
    const leftOut = page.getByTestId('eval-rated-chats-left-out');
    await leftOut.waitFor();
    expect(await leftOut.innerText()).toMatch(/\(a group chat\) is left out: Charles Babbage said 0 replies there, at least 5 are needed\./);
    expect(await page.getByTestId('eval-no-rated-chats').count()).toBe(1);
    expect(log.errors).toEqual([]);
  });
});
