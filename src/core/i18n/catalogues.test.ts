import { describe, expect, it } from 'vitest';
import { placeholdersOf } from './message.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

const keys = Object.keys(en) as (keyof typeof en)[];
const sorted = (names: string[]): string[] => [...new Set(names)].sort();

describe('interface text catalogues', () => {
  it('Chinese has exactly the English keys', () => {
    expect(Object.keys(zh).sort()).toEqual([...keys].sort());
  });

  it('every Chinese text has the same placeholders as its English one', () => {
    const mismatched = keys.filter((key) => sorted(placeholdersOf(zh[key])).join() !== sorted(placeholdersOf(en[key])).join());
    expect(mismatched).toEqual([]);
  });

  it('no text is empty or only spaces, in either language', () => {
    const blank = [...keys.filter((key) => en[key].trim() === '').map((k) => `en ${k}`), ...keys.filter((key) => zh[key].trim() === '').map((k) => `zh ${k}`)];
    expect(blank).toEqual([]);
  });

  it('braces appear only as {name} placeholders (a stray brace would show on screen)', () => {
    const stray = keys.flatMap((key) => [`en ${key}`, `zh ${key}`].filter((_, i) => /[{}]/.test((i === 0 ? en[key] : zh[key]).replace(/\{\w+\}/g, ''))));
    expect(stray).toEqual([]);
  });

  it('keys are dotted lower-camel names, and singular/plural pairs are complete', () => {
    expect(keys.filter((key) => !/^[a-z][a-zA-Z0-9]*(\.[a-zA-Z0-9-]+)+$/.test(key))).toEqual([]);
    const unpaired = keys.filter((key) => {
      const pair = key.endsWith('.one') ? key.replace(/\.one$/, '.other') : key.endsWith('.other') ? key.replace(/\.other$/, '.one') : null;
      return pair !== null && !(pair in en);
    });
    expect(unpaired).toEqual([]);
  });

  it('the Chinese text is written in Chinese (each longer text has Han characters)', () => {
    const words = (text: string): string => text.replace(/\{\w+\}/g, '');
    const untranslated = keys.filter((key) => /[a-z]{4,}/i.test(words(en[key])) && words(en[key]).length > 12 && !/\p{Script=Han}/u.test(zh[key]));
    expect(untranslated).toEqual([]);
  });
});
