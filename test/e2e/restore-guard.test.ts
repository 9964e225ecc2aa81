import { describe, expect, inject, it } from 'vitest';
import { emptyBackupData } from '../../src/core/backup/backup-format.ts';
import { createBackup, serializeBackup } from '../../src/core/backup/create-backup.ts';
import type { PersonaId } from '../../src/core/ids.ts';
import { createPersona as newPersona } from '../../src/core/persona/index.ts';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, messageTexts, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();
const STORY = ['Ada: "', 'Once', ' upon', ' a', ' time', ' there', ' was', ' an', ' engine', ' that', ' sang."'];

/** A valid backup holding one other persona. */
function otherLibrary(): Buffer {
  const data = emptyBackupData();
  data.personas.push(newPersona({ name: 'Li Bai', greeting: '举杯邀明月。' }, 'li-bai' as PersonaId, 1));
  return Buffer.from(serializeBackup(createBackup(data, { includeApiKeys: false, now: Date.UTC(2025, 0, 1) }).file), 'utf8');
}

describe('restore while another tab generates', () => {
  it('is refused, in replace and in merge mode, and changes nothing; once the reply is done it restores', async () => {
    const chatTab = env.browser.page;
    await chatTab.goto(baseUrl);
    await createPersona(chatTab, { name: 'Ada', description: 'Mathematician.', greeting: 'Good evening.' });
    await connectEndpoint(chatTab, env.server.baseUrl, 'test-model');
    await startChat(chatTab, 'Ada');
    const dataTab = await env.browser.context.newPage();
    await dataTab.goto(new URL('#/data', baseUrl).href);
    await dataTab.getByLabel('Restore from file').setInputFiles({ name: 'li-bai.json', mimeType: 'application/json', buffer: otherLibrary() });
    await dataTab.getByTestId('restore-choice').waitFor();

    env.server.setScript({ tokens: STORY, delayMs: 300 });
    await send(chatTab, 'Tell me a story.');
    await chatTab.getByTestId('message').nth(2).locator('.text', { hasText: 'Once' }).waitFor();
    await dataTab.getByRole('button', { name: 'Replace everything here' }).click();
    await dataTab.getByRole('dialog').getByRole('button', { name: 'Replace' }).click();
    const error = dataTab.getByTestId('restore-error');
    await error
      .getByText(
        'A reply is being generated in another tab or window, so nothing was restored. Wait for it to finish (or press Stop there), then restore again.',
      )
      .waitFor();
    await dataTab.getByRole('button', { name: /^Merge/ }).click();
    await error.getByText(/being generated in another tab/).waitFor();
    expect(await dataTab.getByTestId('restore-result').count()).toBe(0);
    expect(await chatTab.getByTestId('message').nth(2).getAttribute('data-status')).toBe('streaming');

    await chatTab.locator('[data-status="complete"]', { hasText: 'an engine that sang.' }).waitFor();
    expect(await messageTexts(chatTab)).toEqual(['Good evening.', 'Tell me a story.', 'Once upon a time there was an engine that sang.']);
    await dataTab.getByRole('button', { name: /^Merge/ }).click();
    await dataTab.getByTestId('restore-result').getByText('Restored 1 persona.').waitFor();
    expect(await error.count()).toBe(0);
    await dataTab.getByRole('link', { name: 'EGOS' }).click();
    const names = await dataTab.getByRole('list', { name: 'Persona list' }).getByRole('listitem').allInnerTexts();
    expect(names.sort()).toEqual([expect.stringContaining('Ada'), expect.stringContaining('Li Bai')]);
  });
});
