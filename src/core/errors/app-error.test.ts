import { describe, expect, it } from 'vitest';
import { AppError, EngineError, isSerializedError, StorageError, ValidationError } from './index.ts';

describe('AppError', () => {
  it('keeps an explicit name per class (class names do not survive minification)', () => {
    expect(new EngineError('timeout', 'm').name).toBe('EngineError');
    expect(new StorageError('quota-exceeded', 'm').name).toBe('StorageError');
    expect(new ValidationError('empty', 'm').name).toBe('ValidationError');
    expect(new AppError('x', 'm').name).toBe('AppError');
  });

  it('serialises to a plain object that can cross postMessage', () => {
    const json = new EngineError('timeout', 'The server did not answer.').toJSON();
    expect(json).toEqual({ name: 'EngineError', code: 'timeout', message: 'The server did not answer.' });
    expect(isSerializedError(structuredClone(json))).toBe(true);
    expect(isSerializedError({ code: 1 })).toBe(false);
  });

  it('carries the Chinese message along, also across postMessage', () => {
    const error = new ValidationError('empty', 'Type something.', { zh: '请输入内容。' });
    expect(error.zh).toBe('请输入内容。');
    expect(structuredClone(error.toJSON())).toEqual({ name: 'ValidationError', code: 'empty', message: 'Type something.', zh: '请输入内容。' });
    expect(new ValidationError('empty', 'm', { cause: 'x' }).cause).toBe('x');
  });
});
