import { describe, expect, it } from 'vitest';
import { inChinese } from '../../test/support/in-chinese.ts';
import { EngineError } from '../core/errors/index.ts';
import { english, msg } from '../core/i18n/message.ts';
import { STORAGE_ACTIONS } from './dexie/storage-actions.ts';
import { toStorageError } from './dexie/storage-errors.ts';
import { errorForStatus } from './openai/http-errors.ts';
import { mapEmbedderError, reviveEmbedderError } from './transformers/index.ts';
import { mapWebLlmError } from './webllm/webllm-errors.ts';
import { mapWllamaError } from './wllama/wllama-errors.ts';

const HAN = /\p{Script=Han}/u;

/**
 * The adapters' errors as a Chinese interface shows them: the same values as in English, and a
 * message that survives the embedder worker's boundary. (That every typed error carries a catalogue
 * message at all is checked by the compiler: `AppError` takes nothing else.)
 */
describe('catalogue messages of the adapters’ typed errors', () => {
  it('puts the same values into the Chinese sentence as into the English one', () => {
    const samples: EngineError[] = [
      mapWebLlmError(new Error('QuotaExceededError'), 'Qwen3-4B-q4f16_1-MLC', 'load'),
      mapWebLlmError('something odd happened', 'Qwen3-4B-q4f16_1-MLC', 'load'),
      mapWebLlmError('Error: something odd happened', 'Qwen3-4B-q4f16_1-MLC', 'reply'),
      mapWllamaError(new Error('HTTP 503 while fetching'), 'Qwen3 0.6B'),
      mapEmbedderError(new Error('Could not locate file: "onnx/model.onnx"'), { modelId: 'Xenova/e5', phase: 'load', remoteDisabled: true }),
      errorForStatus(404, '{"error":"model not found"}', {
        server: 'http://localhost:11434/v1',
        path: '/chat/completions',
        model: 'qwen3:4b',
        hasApiKey: false,
      }),
      errorForStatus(500, 'boom', { server: 'http://localhost:11434/v1', path: '/chat/completions', hasApiKey: true }),
    ];
    const values = [
      'Qwen3-4B-q4f16_1-MLC',
      'Qwen3 0.6B',
      'HTTP 503',
      'Xenova/e5',
      'onnx/model.onnx',
      'qwen3:4b',
      'HTTP 500',
      '"boom"',
      'http://localhost:11434/v1',
    ];
    for (const error of samples) {
      expect(english(error.text), error.message).toBe(error.message);
      expect(inChinese(error), error.message).toMatch(HAN);
      for (const value of values.filter((v) => error.message.includes(v))) expect(inChinese(error), value).toContain(value.replace(/^"(.*)"$/, '$1'));
    }
    const storage = toStorageError(new TypeError('x'), STORAGE_ACTIONS.restoreBackup);
    expect(inChinese(storage)).toBe('EGOS 无法恢复备份（TypeError）。请重新加载页面后重试。');
  });

  it('keeps the message of an error that crossed from the embedder worker', () => {
    const sent = new EngineError('storage-quota', msg('engine.embedder.quota', { model: 'Xenova/e5' }));
    const revived = reviveEmbedderError(structuredClone(sent.toJSON()));
    expect(revived).toMatchObject({ code: 'storage-quota', message: sent.message, text: sent.text });
    expect(inChinese(revived)).toBe(inChinese(sent));
    expect(inChinese(reviveEmbedderError({ name: 'Error', code: 'worker-failed', message: 'script failed' }))).toContain('script failed');
  });
});
