import { describe, expect, inject, it } from 'vitest';
import { useAppHarness } from './harness.ts';
import { connectEndpoint, createPersona, openPersonaEditor } from './app-driver.ts';

const baseUrl = inject('baseUrl');
const env = useAppHarness();

async function openEditor(name: string): Promise<void> {
  await openPersonaEditor(env.browser.page, baseUrl, name);
}

function control(name: string) {
  return env.browser.page.getByRole('group', { name, exact: true });
}

describe('persona editor', () => {
  it('saves style controls and the knowledge boundary, and they survive a reload', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Mozart', description: 'Composer in Vienna.', greeting: 'Bravo!' });
    await openEditor('Mozart');
    await page.getByText('Style', { exact: true }).click();
    await control('Formality').getByRole('radio', { name: 'Formal', exact: true }).check();
    await control('Humour').getByRole('radio', { name: 'Playful' }).check();
    await control('Reply length').getByRole('radio', { name: 'One short sentence' }).check();
    await page.getByText('Knowledge boundary', { exact: true }).click();
    await page.getByLabel('Era or world').fill('Vienna, 1785');
    await page.getByLabel('What the character knows').fill('Music of his time; the court of Joseph II.');
    await page.getByLabel('What the character cannot know').fill('recorded music\nthe internet\n');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByRole('heading', { name: 'Mozart', exact: true }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Mozart', exact: true }).waitFor();
    await page.getByText('More about Mozart').click();
    await page.getByTestId('persona-details').getByText('recorded music · the internet').waitFor();
    await page.getByTestId('persona-details').getByText('Formality: Formal').waitFor();
    await openEditor('Mozart');
    await page.getByText('Style', { exact: true }).click();
    expect(await control('Formality').getByRole('radio', { name: 'Formal', exact: true }).isChecked()).toBe(true);
    expect(await control('Humour').getByRole('radio', { name: 'Playful' }).isChecked()).toBe(true);
    expect(await control('Reply length').getByRole('radio', { name: 'One short sentence' }).isChecked()).toBe(true);
    expect(await control('Formality').getByText('Set by you').count()).toBe(1);
    expect(await control('Warmth toward you').getByText('Set by you').count()).toBe(0);
    await page.getByText('Knowledge boundary', { exact: true }).click();
    expect(await page.getByLabel('Era or world').inputValue()).toBe('Vienna, 1785');
    expect(await page.getByLabel('What the character cannot know').inputValue()).toBe('recorded music\nthe internet');
  });

  it('shows problems next to their fields and saves nothing while any remain', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Hello.' });
    await openEditor('Ada');
    await page.getByLabel('Description', { exact: true }).fill('Changed, but not saved.');
    await page.getByText('Sampling', { exact: true }).click();
    await page.getByLabel('Temperature').fill('5');
    await page.getByRole('button', { name: 'Save persona' }).click();
    await page.getByText('Sampling: temperature must be between 0 and 2.').waitFor();
    await page.getByText('One field needs fixing').waitFor();
    expect(await page.getByLabel('Temperature').getAttribute('aria-invalid')).toBe('true');
    await page.reload();
    await page.getByRole('heading', { name: 'Edit Ada' }).waitFor();
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('Mathematician.');
  });

  it('infers the style from sample dialogues with the loaded model, keeping controls set by hand', async () => {
    const { page } = env.browser;
    await page.goto(baseUrl);
    await createPersona(page, { name: 'Ada', description: 'Mathematician.', greeting: 'Good evening, dear friend!' });
    await openEditor('Ada');
    await page.getByText('Style', { exact: true }).click();
    await page.getByRole('button', { name: 'Infer from samples' }).click();
    await page
      .getByTestId('infer-notice')
      .getByText(/No model is ready/)
      .waitFor();

    await connectEndpoint(page, env.server.baseUrl, 'test-model');
    env.server.setScript({ tokens: ['{"replyLength":0,', '"formality":2,"humour":0,', '"warmth":3}'] });
    await openEditor('Ada');
    await page.getByText('Style', { exact: true }).click();
    await control('Humour').getByRole('radio', { name: 'Playful' }).check();
    await page.getByRole('button', { name: 'Infer from samples' }).click();
    await page
      .getByTestId('infer-notice')
      .getByText(/3 controls changed; the 1 control you set yourself was kept/)
      .waitFor();
    expect(await control('Formality').getByRole('radio', { name: 'Formal', exact: true }).isChecked()).toBe(true);
    expect(await control('Warmth toward you').getByRole('radio', { name: 'Affectionate' }).isChecked()).toBe(true);
    expect(await control('Humour').getByRole('radio', { name: 'Playful' }).isChecked()).toBe(true);
    const body = env.server.completions().at(-1)?.body as { messages: Array<{ content: string }> };
    expect(JSON.stringify(body.messages)).toContain('Good evening, dear friend!');

    env.server.setScript({ tokens: ['no idea'] });
    await page.getByRole('button', { name: 'Infer from samples' }).click();
    await page.getByTestId('infer-notice').getByText('The model did not answer in the expected JSON form. Try again, or choose a larger model.').waitFor();
    expect(await control('Formality').getByRole('radio', { name: 'Formal', exact: true }).isChecked()).toBe(true);
  });

  it('writes a Chinese persona in a Chinese interface; the persona language does not change the labels', async () => {
    const { page } = env.browser;
    await page.goto(`${baseUrl}#/new`);
    await page.getByRole('heading', { name: 'New persona' }).waitFor();
    await page.getByLabel('Language', { exact: true }).selectOption('zh');
    expect(await page.getByLabel('Name', { exact: true }).count(), 'an English interface keeps English labels').toBe(1);
    await page.getByLabel('Language / 语言').selectOption('zh');
    await page.getByLabel('名字', { exact: true }).fill('林黛玉');
    await page.getByLabel('简介', { exact: true }).fill('潇湘馆的主人，多愁善感。');
    await page.getByLabel('开场白', { exact: true }).fill('你来了。');
    expect(await page.getByLabel('Name', { exact: true }).count()).toBe(0);
    await page.getByText('风格', { exact: true }).click();
    await control('正式程度').getByRole('radio', { name: '正式', exact: true }).check();
    await page.getByRole('button', { name: '保存角色' }).click();
    await page.getByRole('heading', { name: '林黛玉', exact: true }).waitFor();
    await page.getByText('关于林黛玉的更多信息').click();
    await page.getByTestId('persona-details').getByText('正式程度：正式').waitFor();
    await page.getByLabel('语言 / Language').selectOption('en');
    await page.getByTestId('persona-details').getByText('Formality: Formal').waitFor();
    await openEditor('林黛玉');
    expect(await page.getByLabel('Description', { exact: true }).inputValue()).toBe('潇湘馆的主人，多愁善感。');
  });

  it('keeps every section usable at phone width', async () => {
    const { page } = env.browser;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${baseUrl}#/new`);
    await page.getByRole('heading', { name: 'New persona' }).waitFor();
    for (const summary of await page.locator('form details > summary').all()) await summary.click();
    await page.getByRole('button', { name: 'Add lore entry' }).click();
    await page.getByRole('button', { name: 'Add alternate greeting' }).click();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    const unlabelled = await page.evaluate(
      () =>
        [...document.querySelectorAll('main input, main textarea, main select')].filter(
          (el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'),
        ).length,
    );
    expect(unlabelled).toBe(0);
  });
});
