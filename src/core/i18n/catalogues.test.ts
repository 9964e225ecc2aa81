import { describe, expect, it } from 'vitest';
import { placeholdersOf } from './message.ts';
import { en } from './en.ts';
import { SECTIONS, sectionOf, type Section } from './sections.ts';
import { zh } from './zh.ts';
import { allChinese as zhAll, allEnglish as enAll, SECTION_TEXTS } from '../../../test/support/all-texts.ts';

// The start-up catalogue and every section, whole: the checks below run over all of them.
const keys = Object.keys(enAll) as (keyof typeof enAll)[];
const sorted = (names: string[]): string[] => [...new Set(names)].sort();

describe('interface text catalogues', () => {
  it('Chinese has exactly the English keys', () => {
    expect(Object.keys(zhAll).sort()).toEqual([...keys].sort());
  });

  it('every Chinese text has the same placeholders as its English one', () => {
    const mismatched = keys.filter((key) => sorted(placeholdersOf(zhAll[key])).join() !== sorted(placeholdersOf(enAll[key])).join());
    expect(mismatched).toEqual([]);
  });

  it('no text is empty or only spaces, in either language', () => {
    const blank = [
      ...keys.filter((key) => enAll[key].trim() === '').map((k) => `en ${k}`),
      ...keys.filter((key) => zhAll[key].trim() === '').map((k) => `zh ${k}`),
    ];
    expect(blank).toEqual([]);
  });

  it('braces appear only as {name} placeholders (a stray brace would show on screen)', () => {
    const stray = keys.flatMap((key) => [`en ${key}`, `zh ${key}`].filter((_, i) => /[{}]/.test((i === 0 ? enAll[key] : zhAll[key]).replace(/\{\w+\}/g, ''))));
    expect(stray).toEqual([]);
  });

  it('keys are dotted lower-camel names, and singular/plural pairs are complete', () => {
    expect(keys.filter((key) => !/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9-]+)+$/.test(key))).toEqual([]);
    const unpaired = keys.filter((key) => {
      const pair = key.endsWith('.one') ? key.replace(/\.one$/, '.other') : key.endsWith('.other') ? key.replace(/\.other$/, '.one') : null;
      return pair !== null && !(pair in enAll);
    });
    expect(unpaired).toEqual([]);
  });

  it('the Chinese text is written in Chinese (each longer text has Han characters)', () => {
    const words = (text: string): string => text.replace(/\{\w+\}/g, '');
    const untranslated = keys.filter((key) => /[a-z]{4,}/i.test(words(enAll[key])) && words(enAll[key]).length > 12 && !/\p{Script=Han}/u.test(zhAll[key]));
    expect(untranslated).toEqual([]);
  });

  it('each section holds only keys with its prefixes, in both languages, and no key is in two places', () => {
    for (const [section, texts] of Object.entries(SECTION_TEXTS) as Array<[Section, (typeof SECTION_TEXTS)[Section]]>) {
      expect(
        Object.keys(texts.en).filter((key) => sectionOf(key) !== section),
        section,
      ).toEqual([]);
      expect(Object.keys(texts.zh).sort(), section).toEqual(Object.keys(texts.en).sort());
      expect(
        Object.keys(texts.en).filter((key) => Object.hasOwn(en, key) || Object.hasOwn(zh, key)),
        section,
      ).toEqual([]);
    }
    expect(Object.keys(SECTION_TEXTS).sort()).toEqual(Object.keys(SECTIONS).sort());
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  });
});
