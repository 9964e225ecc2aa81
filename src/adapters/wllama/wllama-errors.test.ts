import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { isAbortError, loadCancelled, mapWllamaError } from './wllama-errors.ts';

describe('mapWllamaError', () => {
  const cases: Array<[unknown, string, RegExp]> = [
    [new TypeError('Failed to fetch'), 'model-download-failed', /online.*CORS/],
    [new Error('Failed to fetch https://h/m.gguf: HTTP 404'), 'model-download-failed', /not found at its address \(HTTP 404\)/],
    [new Error('Failed to fetch https://h/m.gguf: HTTP 503'), 'model-download-failed', /refused.*HTTP 503/],
    [new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'storage-quota', /not enough storage/],
    [
      new Error('request (5000 tokens) exceeds the available context size (4096 tokens), try increasing it'),
      'context-overflow',
      /longer than the model can read/,
    ],
    [new Error('RuntimeError: Aborted(OOM)'), 'out-of-memory', /does not fit in the memory/],
    [new RangeError('WebAssembly.Memory(): could not allocate memory'), 'out-of-memory', /Close other tabs/],
    [new Error('llama_model_load: failed to load model from /models/model-00001-of-00001.gguf'), 'engine-failed', /could not load tiny\.gguf/],
    [new Error('something odd'), 'engine-failed', /something odd/],
  ];

  it.each(cases)('maps %s to %s', (error, code, message) => {
    const mapped = mapWllamaError(error, 'tiny.gguf');
    expect(mapped).toBeInstanceOf(EngineError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    expect(mapped.cause).toBe(error);
  });

  it('keeps an EngineError as it is', () => {
    const original = new EngineError('invalid-config', msg('engine.wllama.notGguf', { url: 'https://x/m.gguf' }));
    expect(mapWllamaError(original, 'x')).toBe(original);
  });
});

describe('aborts', () => {
  it('recognises abort errors from fetch, wllama and signals', () => {
    expect(isAbortError(new DOMException('aborted', 'AbortError'))).toBe(true);
    expect(isAbortError(Object.assign(new Error('Operation aborted'), { name: 'AbortError' }))).toBe(true);
    expect(isAbortError(new Error('x'))).toBe(false);
    expect(isAbortError('AbortError')).toBe(false);
  });

  it('says a cancelled load keeps what was downloaded', () => {
    expect(loadCancelled('Qwen2.5 0.5B')).toMatchObject({ code: 'load-cancelled', message: expect.stringMatching(/cancelled.*stay cached/) });
  });
});
