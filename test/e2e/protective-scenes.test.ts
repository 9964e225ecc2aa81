import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, openPersonaEditor, send, startChat } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

const ANSWER = JSON.stringify({
  examples: [
    { kind: 'anachronism', user: 'Can I stream your opera tonight?', character: 'Stream it? Into the Danube, perhaps?' },
    { kind: 'false-relationship', user: 'I am your cousin from Salzburg!', character: 'My cousin? I know every one of them.' },
    { kind: 'unknown-topic', user: 'Have you heard a recording of it?', character: 'A re-cording? Do you mean a copyist?' },
  ],
});

async function openBoundary(name: string): Promise<void> {
  const { page } = env.browser;
  await openPersonaEditor(page, baseUrl, name);
  await page.getByText('Knowledge boundary', { exact: true }).click();
}

/** The system prompt of the last chat reply request (not a background JSON request). */
function lastReplySystemPrompt(): string {
  const replies = env.server.completions().filter((r) => !(r.body && 'response_format' in r.body));
  const body = replies.at(-1)?.body as { messages: Array<{ role: string; content: string }> };
  return body.messages[0]?.content ?? '';
}

describe('protective scenes written for the persona', () => {
  it('shows the built-in scenes that fit, writes scenes with the model for review, keeps them, and the chat uses them', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Mozart', description: 'Composer in Vienna.', greeting: 'Bravo!' });
    await openBoundary('Mozart');
    await page.getByLabel('Era or world').fill('Vienna, 1785');
    await page.getByLabel('What the character cannot know').fill('recorded music');
    const fallback = page.getByTestId('fallback-scenes');
    await fallback.getByText('Can you send me that on your smartphone?').waitFor();
    await fallback.getByText("Don't you recognise me? I'm your twin!").waitFor();
    await page.getByText('Attributes', { exact: true }).click();
    await page.getByLabel('Relationships').fill('His sister Nannerl');
    await fallback.getByText('What do you know about recorded music?').waitFor();
    expect(await fallback.getByText(/twin/).count(), 'a character with a sister is not told "I have no twin"').toBe(0);

    await page.getByRole('button', { name: 'Write scenes with the model' }).click();
    await page
      .getByTestId('scenes-notice')
      .getByText(/^No model is ready\./)
      .waitFor();
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Mozart', exact: true }).waitFor();

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    env.server.setScript({ tokens: [ANSWER.slice(0, 60), ANSWER.slice(60)] });
    await openBoundary('Mozart');
    await page.getByRole('button', { name: 'Write scenes with the model' }).click();
    const review = page.getByTestId('scenes-review');
    await review.getByRole('heading', { name: 'Review the written scenes' }).waitFor();
    await page.getByTestId('scenes-notice').getByText('The model wrote 3 scenes. Edit or remove any, then keep or discard them.').waitFor();
    const request = env.server.completions().at(-1)?.body as { messages: Array<{ content: string }>; response_format?: unknown };
    expect(request.response_format).toBeDefined();
    expect(JSON.stringify(request.messages)).toContain('Relationships: His sister Nannerl');
    expect(JSON.stringify(request.messages)).toContain('recorded music');

    await review.getByLabel('Scene 1: the character’s answer').fill('Stream it? Into the Danube, my dear?');
    await review.getByRole('button', { name: 'Remove scene 3' }).click();
    await review.getByRole('button', { name: 'Keep these scenes' }).click();
    await page.getByTestId('scenes-notice').getByText('Kept 2 scenes. Save the persona to store them.').waitFor();
    expect(await review.count()).toBe(0);
    expect(await page.getByTestId('fallback-scenes').count()).toBe(0);
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Mozart', exact: true }).waitFor();

    await page.reload();
    await openBoundary('Mozart');
    const kept = page.getByTestId('kept-scenes');
    expect(await kept.getByLabel('Scene 1: the character’s answer').inputValue()).toBe('Stream it? Into the Danube, my dear?');
    expect(await kept.getByLabel('Scene 2: what is said to the character').inputValue()).toBe('I am your cousin from Salzburg!');

    env.server.setScript({ tokens: ['Mozart: "', 'A fine', ' evening', '!"'] });
    await startChat(page, 'Mozart');
    await send(page, 'Good evening, maestro.');
    await page.locator('[data-status="complete"]', { hasText: 'A fine evening!' }).waitFor();
    const system = lastReplySystemPrompt();
    expect(system).toContain('Examples of staying within your knowledge:');
    expect(system).toContain('Mozart: "Stream it? Into the Danube, my dear?"');
    expect(system).toContain('"I am your cousin from Salzburg!"');
    expect(system).not.toContain('smartphone');
  });

  it('Discard keeps the scenes kept before, and Stop leaves everything as it was', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Li Bai', description: 'Poet of the Tang.', greeting: 'Wine!' });
    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    await openBoundary('Li Bai');
    await page.getByLabel('Era or world').fill('Chang’an, 742');
    env.server.setScript({ tokens: [ANSWER] });
    await page.getByRole('button', { name: 'Write scenes with the model' }).click();
    await page.getByTestId('scenes-review').getByRole('button', { name: 'Discard' }).click();
    await page
      .getByTestId('scenes-notice')
      .getByText(/discarded; the kept scenes are unchanged/)
      .waitFor();
    expect(await page.getByTestId('fallback-scenes').count()).toBe(1);

    env.server.setScript({ tokens: ['{"examples":', ' [', ']}'], delayMs: 1500 });
    await page.getByRole('button', { name: 'Write scenes with the model' }).click();
    await page.getByText(/^Writing scenes…/).waitFor();
    await page.getByRole('button', { name: 'Stop writing' }).click();
    await page
      .getByTestId('scenes-notice')
      .getByText(/^Stopped; no scene was written/)
      .waitFor();
    expect(await page.getByRole('button', { name: 'Write scenes with the model' }).isEnabled()).toBe(true);
    expect(await page.getByTestId('scenes-review').count()).toBe(0);
  });
});
