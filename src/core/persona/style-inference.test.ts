import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../style-controls.ts';
import { mozart, thrownCode } from './fixtures.test-support.ts';
import { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
import { english } from '../i18n/message.ts';
import { allChinese } from '../../../test/support/all-texts.ts';
import { buildInferStyleRequest, parseInferredStyle } from './style-inference.ts';
import { mergeInferredStyle, setStyleControl, unpinStyleControl } from './style-merge.ts';

describe('buildInferStyleRequest', () => {
  it('asks for constrained JSON with one integer enum per control and includes the material', () => {
    const request = buildInferStyleRequest(mozart(), { sourceText: 'From the letters: "Bravo, bravissimo!"' });
    expect(request.enableThinking).toBe(false);
    expect(request.responseFormat?.type).toBe('json');
    const schema = request.responseFormat?.schema as { properties: Record<string, { enum: number[] }>; required: string[] };
    expect(schema.required).toEqual([...STYLE_CONTROL_IDS]);
    expect(schema.properties.replyLength?.enum).toEqual([0, 1, 2, 3]);
    expect(schema.properties.formality?.enum).toEqual([0, 1, 2]);
    const input = request.input;
    if (input.kind !== 'chat') throw new Error('expected a chat request');
    const user = input.messages.at(-1)?.content ?? '';
    expect(user).toContain('Anna: Hello\nMozart: "Ah, a guest!"');
    expect(user).toContain('Bravo, bravissimo!');
    expect(user).toContain('replyLength (Reply length): 0 = One short sentence, 1 = A few sentences');
    expect(user).not.toContain('CREATOR-SECRET');
  });

  it('cuts long material', () => {
    const request = buildInferStyleRequest(mozart({ sampleDialogues: 'x'.repeat(10_000) }), { maxChars: 100 });
    const input = request.input;
    if (input.kind !== 'chat') throw new Error('expected a chat request');
    expect(input.messages.at(-1)?.content).not.toContain('x'.repeat(101));
  });

  it('refuses when there is nothing to infer from', () => {
    const empty = mozart({ sampleDialogues: '', greeting: '', behaviours: undefined });
    expect(thrownCode(() => buildInferStyleRequest(empty))).toBe('empty');
  });
});

describe('parseInferredStyle', () => {
  it('reads fenced JSON inside prose and clamps out-of-range values', () => {
    const text = 'Here is my rating:\n```json\n{"replyLength": 7, "formality": -2, "humour": 1.6, "emoji": "2"}\n```';
    expect(parseInferredStyle(text)).toEqual({ replyLength: 3, formality: 0, humour: 2, emoji: 2 });
  });

  it('accepts a nested style object and level labels, skipping unusable values', () => {
    expect(parseInferredStyle('{"style": {"warmth": "Affectionate", "narration": "只说话", "initiative": null, "bogus": 1}}')).toEqual({
      warmth: 3,
      narration: 0,
    });
  });

  it('reads every level label the interface shows, in English and in Chinese', () => {
    for (const [id, spec] of Object.entries(STYLE_CONTROLS)) {
      spec.levels.forEach((level, index) => {
        expect(parseInferredStyle(JSON.stringify({ [id]: english(level.label) })), `${id} ${index}`).toEqual({ [id]: index });
        expect(parseInferredStyle(JSON.stringify({ [id]: allChinese[level.label.key] })), `${id} ${index} zh`).toEqual({ [id]: index });
      });
    }
  });

  it('throws bad-json on garbage and invalid on JSON without usable values', () => {
    expect(thrownCode(() => parseInferredStyle('I think the character is friendly.'))).toBe('bad-json');
    expect(thrownCode(() => parseInferredStyle('{"tone": "warm"}'))).toBe('invalid');
    expect(thrownCode(() => parseInferredStyle('[1, 2, 3]'))).toBe('invalid');
  });
});

describe('style overrides', () => {
  it('keeps pinned controls and takes inferred values for the rest', () => {
    const current = { ...DEFAULT_STYLE, formality: 2, humour: 0 };
    const merged = mergeInferredStyle(current, { formality: 0, humour: 2, replyLength: 9 }, ['formality']);
    expect(merged).toEqual({ ...DEFAULT_STYLE, formality: 2, humour: 2, replyLength: 3 });
  });

  it('pins a control when the user sets it, and unpins on request', () => {
    const first = setStyleControl(DEFAULT_STYLE, [], 'warmth', 3);
    const second = setStyleControl(first.style, first.pinned, 'replyLength', -1);
    expect(second.style).toEqual({ ...DEFAULT_STYLE, warmth: 3, replyLength: 0 });
    expect(second.pinned).toEqual(['replyLength', 'warmth']);
    expect(setStyleControl(second.style, second.pinned, 'warmth', 2).pinned).toEqual(['replyLength', 'warmth']);
    expect(unpinStyleControl(second.pinned, 'warmth')).toEqual(['replyLength']);
    expect(mergeInferredStyle(second.style, { warmth: 0, replyLength: 2 }, second.pinned)).toEqual(second.style);
  });
});
