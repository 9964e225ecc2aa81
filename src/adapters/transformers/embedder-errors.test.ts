import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { mapEmbedderError, reviveEmbedderError } from './embedder-errors.ts';

const load = { modelId: 'Xenova/multilingual-e5-small', phase: 'load' as const, remoteDisabled: false };

class ModelFileNotFoundError extends Error {
  override name = 'ModelFileNotFoundError';
}

describe('mapEmbedderError', () => {
  it.each([
    ['Chrome offline', new TypeError('Failed to fetch')],
    ['Node offline', new TypeError('fetch failed')],
    ['Firefox offline', new TypeError('NetworkError when attempting to fetch resource.')],
    ['Safari offline', new TypeError('Load failed')],
  ])('%s → model-download-failed: retry when online, keyword search keeps working', (_, error) => {
    const mapped = mapEmbedderError(error, load);
    expect(mapped).toBeInstanceOf(EngineError);
    expect(mapped.code).toBe('model-download-failed');
    expect(mapped.message).toMatch(/offline.*Retry when you are online\. Keyword search keeps working meanwhile\./);
    expect(mapped.cause).toBe(error);
  });

  it('a file missing on the server → model-not-found naming the file', () => {
    const error = new ModelFileNotFoundError('Could not locate file: "https://huggingface.co/x/y/resolve/main/onnx/model_quantized.onnx".');
    const mapped = mapEmbedderError(error, load);
    expect(mapped.code).toBe('model-not-found');
    expect(mapped.message).toContain('missing: https://huggingface.co/x/y/resolve/main/onnx/model_quantized.onnx');
  });

  it('a file missing with downloads off → model-not-cached, saying to load it once online', () => {
    const error = new ModelFileNotFoundError('`env.allowRemoteModels=false` and file was not found locally at "/models/x/config.json".');
    const mapped = mapEmbedderError(error, { ...load, remoteDisabled: true });
    expect(mapped.code).toBe('model-not-cached');
    expect(mapped.message).toMatch(/not on this device \(missing: \/models\/x\/config\.json\).*load it once while online/);
  });

  it('a full disk → storage-quota', () => {
    const error = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    expect(mapEmbedderError(error, load)).toMatchObject({ code: 'storage-quota', message: expect.stringMatching(/not enough storage.*Free space/) });
  });

  it('access refused → unauthorized', () => {
    expect(mapEmbedderError(new Error('Unauthorized access to file: "https://h/x"'), load).code).toBe('unauthorized');
  });

  it('the wasm runtime failing to start → engine-failed about ONNX Runtime, even when its fetch failed', () => {
    const error = new Error('no available backend found. ERR: [wasm] TypeError: Failed to fetch dynamically imported module');
    expect(mapEmbedderError(error, load)).toMatchObject({ code: 'engine-failed', message: expect.stringMatching(/ONNX Runtime.*Reload the page/) });
  });

  it('an invalid environment → invalid-config', () => {
    const error = new Error('Invalid configuration detected: both local and remote models are disabled.');
    expect(mapEmbedderError(error, load).code).toBe('invalid-config');
  });

  it('anything else → engine-failed, worded for the phase', () => {
    expect(mapEmbedderError(new Error('boom'), load).message).toMatch(/^Loading the search model .* failed \(Error: boom\)/);
    expect(mapEmbedderError(new Error('boom'), { ...load, phase: 'embed' }).message).toMatch(/^Computing embeddings .* failed/);
  });

  it('keeps an EngineError as it is', () => {
    const original = new EngineError('not-loaded', msg('engine.embedder.notLoaded', { model: 'x' }));
    expect(mapEmbedderError(original, load)).toBe(original);
  });
});

describe('reviveEmbedderError', () => {
  it('rebuilds an EngineError with the same code, message and text after it crossed the worker boundary', () => {
    const original = mapEmbedderError(new Error('Could not locate file: "onnx/model.onnx"'), { ...load, remoteDisabled: true });
    const posted: unknown = structuredClone(original.toJSON());
    const revived = reviveEmbedderError(posted);
    expect(revived).toBeInstanceOf(EngineError);
    expect(revived).toMatchObject({ name: 'EngineError', code: 'model-not-cached', message: original.message });
    expect(revived.text).toEqual(original.text);
    expect(revived.text).toEqual(
      msg('engine.embedder.notCached', { model: load.modelId, missing: msg('engine.embedder.missingFile', { file: 'onnx/model.onnx' }) }),
    );
    expect(inChinese(revived)).toBe(inChinese(original));
    expect(inChinese(revived)).toContain('（缺少：onnx/model.onnx）');
  });

  it('keeps the English sentence of a posted error that carries no message of the catalogue', () => {
    const revived = reviveEmbedderError({ name: 'EngineError', code: 'storage-quota', message: 'Free space.' });
    expect(revived).toMatchObject({ code: 'storage-quota', message: 'Free space.' });
    expect(inChinese(revived)).toBe('Free space.');
  });

  it('turns unknown codes and shapes into engine-failed with the original text', () => {
    expect(reviveEmbedderError({ name: 'Error', code: 'weird', message: 'it broke' })).toMatchObject({
      code: 'engine-failed',
      message: expect.stringContaining('it broke'),
    });
    expect(reviveEmbedderError('plain text')).toMatchObject({ code: 'engine-failed', message: expect.stringContaining('plain text') });
    expect(inChinese(reviveEmbedderError({ name: 'Error', code: 'worker-failed', message: 'script failed' }))).toBe(
      '搜索模型的后台线程出错（script failed）。请重新加载页面后重试。在此期间关键词搜索照常可用。',
    );
  });
});
