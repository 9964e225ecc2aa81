import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/errors/index.ts';
import { errorText } from './error-text.ts';
import { inUiLanguage, setUiLanguageSource } from './ui-language.ts';

afterEach(() => setUiLanguageSource(() => 'en'));

describe('the interface language in the state layer', () => {
  it('picks the text and the error message in the language of the moment', () => {
    let lang: 'en' | 'zh' = 'en';
    setUiLanguageSource(() => lang);
    const error = new ValidationError('empty', 'Type something.', { zh: '请输入内容。' });
    expect(inUiLanguage({ en: 'Saved.', zh: '已保存。' })).toBe('Saved.');
    expect(errorText(error)).toBe('Type something.');
    lang = 'zh';
    expect(inUiLanguage({ en: 'Saved.', zh: '已保存。' })).toBe('已保存。');
    expect(errorText(error)).toBe('请输入内容。');
    expect(errorText(new ValidationError('empty', 'Only English.'))).toBe('Only English.');
  });
});
