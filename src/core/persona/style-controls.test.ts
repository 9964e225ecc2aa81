import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../i18n/message.ts';
import { DEFAULT_STYLE, type StyleSettings } from '../style-controls.ts';
import { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
import { renderStyleInstructions } from './style-instructions.ts';
import { clampStyleValue, isValidStyleValue, maxStyleValue, normalizeStyle } from './style-values.ts';

describe('style catalogue', () => {
  it('covers every control of DEFAULT_STYLE with 3 to 5 labelled levels in both languages', () => {
    expect([...STYLE_CONTROL_IDS].sort()).toEqual(Object.keys(DEFAULT_STYLE).sort());
    for (const id of STYLE_CONTROL_IDS) {
      const spec = STYLE_CONTROLS[id];
      expect(spec.id).toBe(id);
      expect(spec.levels.length).toBeGreaterThanOrEqual(3);
      expect(spec.levels.length).toBeLessThanOrEqual(5);
      for (const text of [spec.label, spec.help, ...spec.levels.map((l) => l.label)]) {
        expect(english(text).trim()).not.toBe('');
        expect(inChinese(text)).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(isValidStyleValue(id, DEFAULT_STYLE[id])).toBe(true);
    }
  });

  it('uses plain labels such as the reply-length scale', () => {
    expect(STYLE_CONTROLS.replyLength.levels.map((l) => english(l.label))).toEqual([
      'One short sentence',
      'A few sentences',
      'A paragraph',
      'Several paragraphs',
    ]);
  });
});

describe('style values', () => {
  it('rounds and clamps into the scale; non-numbers give the default', () => {
    expect(clampStyleValue('formality', 7)).toBe(2);
    expect(clampStyleValue('formality', -3)).toBe(0);
    expect(clampStyleValue('replyLength', 2.6)).toBe(3);
    expect(clampStyleValue('emoji', Number.NaN)).toBe(DEFAULT_STYLE.emoji);
    expect(clampStyleValue('humour', '2')).toBe(DEFAULT_STYLE.humour);
    expect(maxStyleValue('warmth')).toBe(3);
  });

  it('normalizes any input into a complete valid style', () => {
    expect(normalizeStyle({ replyLength: 9, humour: 'x', bogus: 1 })).toEqual({ ...DEFAULT_STYLE, replyLength: 3 });
    expect(normalizeStyle(null)).toEqual(DEFAULT_STYLE);
  });

  it('rejects non-integers and out-of-range values as invalid', () => {
    expect(isValidStyleValue('humour', 1.5)).toBe(false);
    expect(isValidStyleValue('humour', 3)).toBe(false);
    expect(isValidStyleValue('humour', 0)).toBe(true);
  });
});

describe('renderStyleInstructions', () => {
  it('skips neutral levels and always states length, emoji and narration', () => {
    expect(renderStyleInstructions(DEFAULT_STYLE, 'en')).toBe(
      ['- Reply with a few sentences (two to four).', '- Do not use emoji or kaomoji.', '- You may add brief actions in asterisks, such as *smiles*.'].join(
        '\n',
      ),
    );
  });

  it('renders one line per non-neutral control in Chinese', () => {
    const style: StyleSettings = { ...DEFAULT_STYLE, replyLength: 0, initiative: 2, warmth: 0, emoji: 2, narration: 0 };
    expect(renderStyleInstructions(style, 'zh')).toBe(
      [
        '- 每次只回复一句简短的话。',
        '- 主动引导：多提问、提出新话题、推动情节发展。',
        '- 对对方冷淡、疏远。',
        '- 经常使用emoji或颜文字，比如^_^。',
        '- 只写说出的话，不描写动作。',
      ].join('\n'),
    );
  });

  it('clamps out-of-range values and honours omit', () => {
    const style = { ...DEFAULT_STYLE, catchphraseFrequency: 99 };
    expect(renderStyleInstructions(style, 'en')).toContain('Use your catchphrases often');
    expect(renderStyleInstructions(style, 'en', { omit: ['catchphraseFrequency', 'replyLength', 'emoji', 'narration'] })).toBe('');
  });
});
