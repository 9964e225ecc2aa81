import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { browserLanguage, Locale, type Translation } from './locale.svelte.ts';

const en = { hello: 'Hello', greet: 'Hello, {name}!', count: '{n} of {total}' } as const;
const zh: Translation<typeof en> = { hello: '你好', greet: '{name}，你好！', count: '第 {n} 个，共 {total} 个' };

interface Setup {
  locale: Locale<typeof en>;
  settings: SettingsRepository;
  /** How many times the Chinese texts were loaded. */
  loads: () => number;
}

function setup(load: () => Promise<Translation<typeof en>> = async () => zh): Setup {
  let count = 0;
  const locale = new Locale(en, {
    zh: {
      name: '中文',
      load: () => {
        count++;
        return load();
      },
    },
  });
  return { locale, settings: createMemoryRepository().settings, loads: () => count };
}

describe('browserLanguage', () => {
  it('picks Chinese for any zh tag and English for en tags', () => {
    expect(browserLanguage(['zh-CN', 'en'], ['zh'])).toBe('zh');
    expect(browserLanguage(['zh-TW'], ['zh'])).toBe('zh');
    expect(browserLanguage(['ZH'], ['zh'])).toBe('zh');
    expect(browserLanguage(['zh_Hans_CN'], ['zh'])).toBe('zh');
    expect(browserLanguage(['en-GB', 'zh-CN'], ['zh'])).toBe('en');
  });

  it('skips languages EGOS is not written in, and falls back to English', () => {
    expect(browserLanguage(['de-DE', 'fr', 'zh-CN'], ['zh'])).toBe('zh');
    expect(browserLanguage(['de-DE', 'ja'], ['zh'])).toBe('en');
    expect(browserLanguage([], ['zh'])).toBe('en');
    expect(browserLanguage(['zhx', 'enx'], ['zh'])).toBe('en');
  });
});

describe('Locale.isChoice and languages', () => {
  it('accepts auto, English and the languages given, nothing else', () => {
    const { locale } = setup();
    expect(['auto', 'en', 'zh'].every((v) => locale.isChoice(v))).toBe(true);
    expect([undefined, null, 'fr', 'ZH', 1, {}, 'toString'].some((v) => locale.isChoice(v))).toBe(false);
    expect(locale.languages).toEqual([
      { code: 'en', name: 'English' },
      { code: 'zh', name: '中文' },
    ]);
  });

  it('a language is added by giving its catalogue: menu, browser choice and texts follow', async () => {
    const pseudo: Translation<typeof en> = { hello: '[Ĥéļļö]', greet: '[Ĥéļļö, {name}!]', count: '[{n} öf {total}]' };
    const locale = new Locale<typeof en, 'en' | 'zh' | 'qps'>(en, {
      zh: { name: '中文', load: async () => zh },
      qps: { name: 'Pseudo', load: async () => pseudo },
    });
    expect(locale.languages.map((l) => l.code)).toEqual(['en', 'zh', 'qps']);
    await locale.follow(['qps-ploc', 'en']);
    expect(locale.lang).toBe('qps');
    expect(locale.t('greet', { name: 'Ada' })).toBe('[Ĥéļļö, Ada!]');
  });
});

describe('Locale', () => {
  it('shows English before it follows the browser, with placeholders filled', () => {
    const { locale, loads } = setup();
    expect(locale.lang).toBe('en');
    expect(locale.t('hello')).toBe('Hello');
    expect(locale.t('greet', { name: 'Ada' })).toBe('Hello, Ada!');
    expect(locale.t('count', { n: 2, total: 5 })).toBe('2 of 5');
    expect(loads()).toBe(0);
  });

  it('follows a Chinese browser by default (auto) once the Chinese texts are loaded', async () => {
    const { locale, loads } = setup();
    const shown = locale.follow(['zh-CN', 'en-US']);
    expect(locale.lang).toBe('zh');
    expect(locale.t('hello')).toBe('Hello');
    await shown;
    expect(locale.choice).toBe('auto');
    expect(locale.t('greet', { name: '李白' })).toBe('李白，你好！');
    expect(loads()).toBe(1);
  });

  it('an English browser never loads the Chinese texts', async () => {
    const { locale, settings, loads } = setup();
    await locale.follow(['en-US', 'zh-CN']);
    await locale.restore(settings);
    expect(locale.t('hello')).toBe('Hello');
    expect(loads()).toBe(0);
  });

  it('a saved choice wins over the browser', async () => {
    const { locale, settings } = setup();
    await settings.set('ui', { language: 'en' });
    await locale.follow(['zh-CN']);
    await locale.restore(settings);
    expect(locale.choice).toBe('en');
    expect(locale.t('hello')).toBe('Hello');

    const other = setup();
    await other.settings.set('ui', { language: 'zh' });
    await other.locale.follow(['en-US']);
    await other.locale.restore(other.settings);
    expect(other.locale.t('hello')).toBe('你好');
  });

  it('ignores a saved value that is not a language choice', async () => {
    const { locale, settings } = setup();
    await settings.set('ui', { language: 'klingon' });
    await locale.follow(['zh']);
    await locale.restore(settings);
    expect(locale.choice).toBe('auto');
    expect(locale.t('hello')).toBe('你好');
  });

  it('switches, saves the choice, keeps other interface settings, and a new visit starts with it', async () => {
    const { locale, settings, loads } = setup();
    await settings.set('ui', { language: 'auto', compact: true });
    await locale.follow(['en-US']);
    await locale.restore(settings);
    await locale.setLanguage('zh');
    expect(locale.t('hello')).toBe('你好');
    expect(await settings.get('ui')).toEqual({ language: 'zh', compact: true });

    const reopened = new Locale(en, { zh: { name: '中文', load: async () => zh } });
    await reopened.follow(['en-US']);
    await reopened.restore(settings);
    expect(reopened.t('hello')).toBe('你好');

    await locale.setLanguage('en');
    await locale.setLanguage('zh');
    expect(loads()).toBe(1);
  });

  it('back to auto follows the browser again', async () => {
    const { locale, settings } = setup();
    await locale.follow(['zh-HK']);
    await locale.restore(settings);
    await locale.setLanguage('en');
    expect(locale.t('hello')).toBe('Hello');
    await locale.setLanguage('auto');
    expect(locale.t('hello')).toBe('你好');
    expect(await settings.get('ui')).toEqual({ language: 'auto' });
  });

  it('a choice made while the saved one is still being read is not undone by that read', async () => {
    const { locale, settings } = setup();
    await settings.set('ui', { language: 'en' });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: SettingsRepository = {
      get: async (key) => {
        await gate;
        return settings.get(key);
      },
      set: (key, value) => settings.set(key, value),
    };
    await locale.follow(['en-US']);
    const restoring = locale.restore(slow);
    const choosing = locale.setLanguage('zh');
    release();
    await Promise.all([restoring, choosing]);
    expect(locale.t('hello')).toBe('你好');
    expect(await settings.get('ui')).toEqual({ language: 'zh' });
  });

  it('replaces a malformed stored value instead of spreading it', async () => {
    const { locale, settings } = setup();
    await settings.set('ui', 'zh');
    await locale.restore(settings);
    await locale.setLanguage('zh');
    expect(await settings.get('ui')).toEqual({ language: 'zh' });
  });

  it('keeps the switch for this visit when saving fails, and reports the failure', async () => {
    const { locale, settings } = setup();
    const failing: SettingsRepository = { get: (key) => settings.get(key), set: async () => Promise.reject(new Error('disk full')) };
    await locale.restore(failing);
    await expect(locale.setLanguage('zh')).rejects.toThrow('disk full');
    expect(locale.t('hello')).toBe('你好');
  });

  it('stays in English when the Chinese texts cannot be loaded, and tries again on the next switch', async () => {
    let fail = true;
    const { locale, settings, loads } = setup(async () => (fail ? Promise.reject(new Error('offline')) : zh));
    await expect(locale.follow(['zh-CN'])).rejects.toThrow('offline');
    expect(locale.lang).toBe('zh');
    expect(locale.t('greet', { name: 'Ada' })).toBe('Hello, Ada!');
    fail = false;
    await locale.restore(settings);
    expect(locale.t('hello')).toBe('你好');
    expect(loads()).toBe(2);
  });

  it('types the params of each key', () => {
    const { locale } = setup();
    // @ts-expect-error a text with placeholders needs its values
    expect(locale.t('greet')).toBe('Hello, {name}!');
    // @ts-expect-error every placeholder needs a value
    expect(locale.t('count', { n: 1 })).toBe('1 of {total}');
    // @ts-expect-error a text without placeholders takes no values
    expect(locale.t('hello', { name: 'x' })).toBe('Hello');
  });
});
