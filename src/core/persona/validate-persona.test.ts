import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english, msg } from '../i18n/message.ts';
import { DEFAULT_STYLE } from '../style-controls.ts';
import { PERSONA_FIELD_TEXT } from './field-text.ts';
import { mozart } from './fixtures.test-support.ts';
import { PERSONA_LIMITS, validatePersonaInput } from './validate-persona.ts';

describe('validatePersonaInput', () => {
  it('accepts a complete persona and a name-only input', () => {
    const { id: _id, createdAt: _c, updatedAt: _u, ...init } = mozart();
    expect(validatePersonaInput(init)).toEqual([]);
    expect(validatePersonaInput({ name: 'Li Bai' })).toEqual([]);
  });

  it('requires a name, with a user-facing message and a key', () => {
    for (const input of [{}, { name: '   ' }, { name: 3 }, null]) {
      expect(validatePersonaInput(input)).toEqual([
        {
          field: 'name',
          key: 'required',
          params: {},
          text: msg('persona.fieldError.required', { field: msg('persona.field.name') }),
          message: 'Name is required. Please fill it in.',
        },
      ]);
    }
  });

  it('limits the name to 100 characters, counting CJK characters as one', () => {
    expect(validatePersonaInput({ name: '李'.repeat(100) })).toEqual([]);
    expect(validatePersonaInput({ name: 'x'.repeat(101) })).toEqual([
      {
        field: 'name',
        key: 'too-long',
        params: { max: 100, actual: 101 },
        text: msg('persona.fieldError.tooLong', { field: msg('persona.field.name'), actual: 101, max: 100 }),
        message: 'Name is too long (101 characters). Shorten it to at most 100.',
      },
    ]);
  });

  it('limits text fields, lists and list items', () => {
    const errors = validatePersonaInput({
      name: 'A',
      description: 'x'.repeat(PERSONA_LIMITS.text + 1),
      attributes: { identity: 'x'.repeat(PERSONA_LIMITS.text + 1) },
      behaviours: { catchphrases: ['ok', 'y'.repeat(501)] },
      tags: Array.from({ length: 101 }, () => 't'),
      alternateGreetings: 'hello',
    });
    expect(errors.map((e) => [e.field, e.key])).toEqual([
      ['description', 'too-long'],
      ['attributes.identity', 'too-long'],
      ['behaviours.catchphrases', 'item-too-long'],
      ['alternateGreetings', 'wrong-type'],
      ['tags', 'too-many'],
    ]);
    expect(errors[2]?.message).toBe('Catchphrases: item 2 is too long. Shorten it to at most 500 characters.');
    expect(errors[4]?.message).toBe('Tags has too many items (101). Keep at most 100.');
  });

  it('checks the kept protective scenes: kind, both lines, their length and count', () => {
    const scene = { kind: 'anachronism', user: 'Seen my laptop?', character: 'A lap-top?' };
    expect(validatePersonaInput({ name: 'A', protectiveExamples: [scene] })).toEqual([]);
    const errors = validatePersonaInput({
      name: 'A',
      protectiveExamples: [scene, { ...scene, kind: 'gossip' }, { ...scene, character: '  ' }, { ...scene, user: 'x'.repeat(501) }, 'scene'],
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Protective scenes has the wrong kind of value. Re-enter it in the editor.',
      'Protective scenes: item 3 has an empty part. Fill it in or remove the item.',
      'Protective scenes: item 4 is too long. Shorten it to at most 500 characters.',
      'Protective scenes has the wrong kind of value. Re-enter it in the editor.',
    ]);
    expect(errors.map((e) => e.params.index)).toEqual([1, 2, 3, 4]);
    const many = validatePersonaInput({ name: 'A', protectiveExamples: Array.from({ length: 11 }, () => scene) });
    expect(many.map((e) => e.message)).toEqual(['Protective scenes has too many items (11). Keep at most 10.']);
    expect(validatePersonaInput({ name: 'A', protectiveExamples: {} }).map((e) => e.key)).toEqual(['wrong-type']);
  });

  it('checks language, style levels, sampling ranges and nested object types', () => {
    const errors = validatePersonaInput({
      name: 'A',
      language: 'fr',
      style: { ...DEFAULT_STYLE, replyLength: 4, humour: 1.5 },
      sampling: { temperature: 3, topK: 2.5 },
      user: 'me',
    });
    expect(errors.map((e) => e.message)).toEqual([
      'Language must be English or Chinese.',
      'Your persona has the wrong kind of value. Re-enter it in the editor.',
      'Style: replyLength must be between 0 and 3.',
      'Style (humour) has the wrong kind of value. Re-enter it in the editor.',
      'Sampling: temperature must be between 0 and 2.',
      'Sampling (topK) has the wrong kind of value. Re-enter it in the editor.',
    ]);
  });

  it('formats messages in Chinese with Chinese labels', () => {
    const [error] = validatePersonaInput({ name: 'x'.repeat(101) });
    if (!error) throw new Error('expected an error');
    expect(inChinese(error.text)).toBe('名字太长（101个字符），请缩短到100个字符以内。');
  });
});

describe('field labels and help', () => {
  it('has a label and help text in English and Chinese for every field', () => {
    for (const [field, text] of Object.entries(PERSONA_FIELD_TEXT)) {
      expect(english(text.label).trim(), field).not.toBe('');
      expect(english(text.help).trim(), field).not.toBe('');
      expect(inChinese(text.label), field).toMatch(/[\u4e00-\u9fff]/);
      expect(inChinese(text.help), field).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('labels every attribute and behaviour field of the Persona type', () => {
    const persona = mozart();
    for (const key of Object.keys(persona.attributes)) expect(PERSONA_FIELD_TEXT).toHaveProperty([`attributes.${key}`]);
    for (const key of Object.keys(persona.behaviours)) expect(PERSONA_FIELD_TEXT).toHaveProperty([`behaviours.${key}`]);
    for (const key of Object.keys(persona.boundary)) expect(PERSONA_FIELD_TEXT).toHaveProperty([`boundary.${key}`]);
  });
});
