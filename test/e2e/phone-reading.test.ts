/**
 * Twice as much conversation on a phone, counted as conversation: the characters of message text
 * visible at 390×844 in one fixed chat (phone-reading.ts), against the same count on the build
 * before the phone layout and quiet messages.
 */
import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { READING_CHAT, seedReadingChat, visibleConversation } from './phone-reading.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness({ phone: { width: 390, height: 844 } });

/**
 * Characters of message text visible at 390×844 before the phone layout (commit 8e94e88, its
 * build measured on 2026-12-08 with `EGOS_READING_ROOT=<a git worktree of 8e94e88> npm run bench
 * -- phone-reading`, the same seeding and count as below): 100, in 3 messages. The chat's five
 * panels and its controls line took the top of the screen, a two-line composer the bottom, and
 * every message had a line of buttons under its time.
 */
const VISIBLE_BEFORE = 100;

describe('reading on a phone', () => {
  it('shows at least twice as much of the conversation at 390×844 as before the phone layout', async () => {
    const { page } = env.browser;
    const chat = await seedReadingChat(page, baseUrl);
    await page.goto('about:blank');
    await page.goto(chat);
    await page.locator(`[data-message-id="reading-${READING_CHAT.length - 1}"]`).waitFor();
    const seen = await visibleConversation(page);
    expect(seen.characters, `${seen.characters} characters in ${seen.messages} messages; before: ${VISIBLE_BEFORE}`).toBeGreaterThanOrEqual(2 * VISIBLE_BEFORE);
    // The newest message is among them, whole: the chat opens at its end.
    expect(seen.newest.of).toBe((READING_CHAT.at(-1) ?? '').replace(/\s/g, '').length);
    expect(seen.newest.seen).toBe(seen.newest.of);
  });
});
