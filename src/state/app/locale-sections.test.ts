import { describe, expect, it, vi } from 'vitest';
import { flushSync } from 'svelte';

/**
 * A key of a catalogue section that has not loaded yet: the locale never shows the key itself;
 * it shows nothing, loads the section (English, and the translation of the language shown) and
 * then shows its text. Fresh modules: the unit setup registers every section, this test needs none.
 */
describe('Locale with catalogue sections', () => {
  it('loads a section on first use of one of its keys, then shows its text, in English and Chinese', async () => {
    vi.resetModules();
    const sections = await import('../../core/i18n/sections.ts');
    const { Locale } = await import('./locale.svelte.ts');
    const { en } = await import('../../core/i18n/en.ts');
    const { msg, english } = await import('../../core/i18n/message.ts');
    expect(sections.loadedSections()).toEqual([]);
    const locale = new Locale<Record<string, string>>(en, {
      zh: {
        name: '中文',
        load: async () => (await import('../../core/i18n/zh.ts')).zh,
        sections: { eval: async () => (await import('../../core/i18n/sections/eval.zh.ts')).evalZh },
      },
    });
    const message = msg('eval.run');
    expect(english(message)).toBe('eval.run'); // logs only: the screens read through the locale
    expect(locale.say(message)).toBe('');
    await locale.loadSection('eval');
    flushSync();
    expect(locale.say(message)).toBe('Run evaluation');
    await locale.setLanguage('zh');
    expect(locale.say(message)).not.toBe('Run evaluation');
    expect(locale.say(message)).toMatch(/\p{Script=Han}/u);
    // A section first asked for while Chinese is shown loads in both languages.
    expect(locale.say(msg('semantic.help', { size: '30 MB' }))).toBe('');
    await vi.waitFor(() => expect(locale.say(msg('semantic.help', { size: '30 MB' }))).toContain('30 MB'));
    await locale.loadSection('memory');
    expect(sections.loadedSections().sort()).toEqual(['eval', 'memory']);
  });
});
