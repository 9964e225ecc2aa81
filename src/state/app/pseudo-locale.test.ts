import { describe, expect, it, vi } from 'vitest';
import { toStorageError } from '../../adapters/dexie/storage-errors.ts';
import { STORAGE_ACTIONS } from '../../adapters/dexie/storage-actions.ts';
import { resolveConfig } from '../../adapters/openai/openai-config.ts';
import { openAiProvider } from '../../adapters/openai/openai-provider.ts';
import { importCard } from '../../core/cards/index.ts';
import { AppError } from '../../core/errors/index.ts';
import { en } from '../../core/i18n/en.ts';
import { allEnglish, SECTION_TEXTS } from '../../../test/support/all-texts.ts';
import { english, msg, type Message, type Translation } from '../../core/i18n/message.ts';
import { zh } from '../../core/i18n/zh.ts';
import { readSourceFile } from '../../core/extract/read-source.ts';
import { errorMessage } from './error-message.ts';
import { Locale } from './locale.svelte.ts';

/**
 * Adding a language means adding one catalogue: a pseudo-locale made mechanically from the English
 * catalogue (letters accented, each text bracketed, placeholders kept) is given to the same Locale
 * the app uses, and messages made by every layer come out entirely in it.
 */

const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  z: 'ž',
  y: 'ý',
  g: 'ĝ',
  h: 'ĥ',
  l: 'ļ',
  t: 'ţ',
  r: 'ŕ',
  d: 'ď',
  k: 'ķ',
  w: 'ŵ',
  b: 'ƀ',
  p: 'þ',
  m: 'ɱ',
  f: 'ƒ',
  v: 'ṽ',
  x: 'ẋ',
  j: 'ĵ',
  q: 'ʠ',
};

/** The pseudo text of one template: every letter outside a `{placeholder}` replaced, the whole in ⟦ ⟧. */
function pseudo(template: string): string {
  const accent = (c: string): string => {
    const lower = ACCENTED[c.toLowerCase()] ?? c;
    return c === c.toLowerCase() ? lower : lower.toUpperCase();
  };
  const body = template
    .split(/(\{\w+\})/)
    .map((part) => (/^\{\w+\}$/.test(part) ? part : part.replace(/[a-z]/gi, accent)))
    .join('');
  return `⟦${body}⟧`;
}

const pseudoOf = (texts: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(texts).map(([key, text]) => [key, pseudo(text)]));
const qps = pseudoOf(en) as Partial<Translation>;
const qpsSections = Object.fromEntries(Object.entries(SECTION_TEXTS).map(([section, texts]) => [section, async () => pseudoOf(texts.en)]));
const qpsAll = { ...qps, ...Object.fromEntries(Object.values(SECTION_TEXTS).flatMap((texts) => Object.entries(pseudoOf(texts.en)))) };

/** Every text value inside a message (file names, hosts, numbers: words that are not the app's). */
function values(message: Message): string[] {
  return Object.values(message.params ?? {}).flatMap((v) => (typeof v === 'object' ? values(v) : [String(v)]));
}

/** Runs `make` with the console's error log muted (an unexpected error is logged for debugging). */
function silently<T>(make: () => T): T {
  const log = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return make();
  } finally {
    log.mockRestore();
  }
}

function failure(run: () => unknown): Message {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error.text;
  }
  throw new Error('expected a typed error');
}

describe('a language added as one catalogue (pseudo-locale)', () => {
  it('messages from core, adapters and state come out wholly in the added language', async () => {
    const locale = new Locale<typeof allEnglish, 'en' | 'zh' | 'qps'>(en, {
      zh: { name: '中文', load: async () => zh },
      qps: { name: 'Pseudo', load: async () => qps, sections: qpsSections },
    });
    await locale.follow(['qps', 'en']);
    expect(locale.lang).toBe('qps');

    const messages: Message[] = [
      toStorageError(Object.assign(new Error('full'), { name: 'QuotaExceededError' }), STORAGE_ACTIONS.saveChat).text,
      failure(() => readSourceFile(new Uint8Array(), 'notes.txt')),
      failure(() => importCard(new TextEncoder().encode('{"name": "Broken", '), 'card.json')),
      failure(() => resolveConfig({ baseUrl: 'ftp://example.com', apiKey: '' })),
      openAiProvider().label({ kind: 'openai', endpoint: { baseUrl: 'http://localhost:11434/v1', apiKey: '', model: 'qwen3' } }),
      silently(() => errorMessage(new TypeError('socket hang up'))),
      msg('chat.error.notLoaded'),
    ];
    for (const message of messages) {
      const shown = locale.say(message);
      expect(shown, english(message)).not.toBe(english(message));
      const withoutValues = values(message).reduce((text, value) => text.split(value).join(''), shown);
      expect(withoutValues, `${english(message)} → ${shown}`).not.toMatch(/[A-Za-z]/);
      expect(shown.startsWith('⟦')).toBe(true);
    }
  });

  it('the pseudo catalogue covers every key, so nothing falls back to English', () => {
    expect(Object.keys(qpsAll).sort()).toEqual(Object.keys(allEnglish).sort());
    expect(Object.values(qpsAll).filter((text) => /[A-Za-z]/.test(text.replace(/\{\w+\}/g, '')))).toEqual([]);
  });
});
