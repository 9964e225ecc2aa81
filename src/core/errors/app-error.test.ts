import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { msg } from '../i18n/message.ts';
import { AppError, EngineError, isSerializedError, StorageError, ValidationError } from './index.ts';

const detail = (text: string) => msg('text.verbatim', { text });

describe('AppError', () => {
  it('keeps an explicit name per class (class names do not survive minification)', () => {
    expect(new EngineError('timeout', detail('m')).name).toBe('EngineError');
    expect(new StorageError('quota-exceeded', detail('m')).name).toBe('StorageError');
    expect(new ValidationError('empty', detail('m')).name).toBe('ValidationError');
    expect(new AppError('x', detail('m')).name).toBe('AppError');
  });

  it('carries its catalogue message; `message` is the English sentence for logs', () => {
    const error = new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveChat') }));
    expect(error.text).toEqual({ key: 'storage.error.full', params: { action: { key: 'storage.action.saveChat' } } });
    expect(error.message).toMatch(/^Storage is full, so EGOS could not save the chat\./);
    expect(inChinese(error)).toMatch(/^存储空间已满，EGOS 无法保存对话。/);
    expect(new ValidationError('empty', detail('m'), { cause: 'x' }).cause).toBe('x');
  });

  it('serialises to a plain object that can cross postMessage, message included', () => {
    const error = new EngineError('timeout', msg('chat.error.serverNotAnswering', { host: 'localhost:11434' }));
    const json = structuredClone(error.toJSON());
    expect(json).toEqual({ name: 'EngineError', code: 'timeout', message: error.message, text: error.text });
    expect(isSerializedError(json)).toBe(true);
    expect(isSerializedError({ code: 1 })).toBe(false);
    expect(isSerializedError({ ...json, text: { key: 'no.such.key' } }), 'a message the catalogue does not know').toBe(false);
  });
});
