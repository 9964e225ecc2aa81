import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/errors/index.ts';
import { mapWebLlmError } from './webllm-errors.ts';
import { progressPhase } from './webllm-engine.ts';

describe('mapWebLlmError', () => {
  const cases: Array<[unknown, string, RegExp]> = [
    ['TypeError: Failed to fetch', 'model-download-failed', /network request failed.*Retry.*Delete cached files/],
    [new DOMException('The quota has been exceeded.', 'QuotaExceededError'), 'storage-quota', /not enough storage.*smaller model/],
    ['DeviceLostError: The WebGPU device was lost', 'device-lost', /chat is saved.*smaller model/],
    ['Error: Out of memory while allocating buffer', 'out-of-memory', /smaller model/],
    ['Error: HTTP 404 Not Found', 'model-download-failed', /not found.*404/],
    ['ContextWindowSizeExceededError: Prompt tokens exceed context window size', 'context-overflow', /longer than the model can read/],
    ['Error: something odd', 'engine-failed', /something odd/],
  ];
  it.each(cases)('maps %s', (input, code, message) => {
    const mapped = mapWebLlmError(input, 'Qwen3-0.6B-q4f32_1-MLC');
    expect(mapped).toBeInstanceOf(EngineError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toMatch(message);
    expect(mapped.cause).toBe(input);
  });

  it('passes an EngineError through unchanged', () => {
    const e = new EngineError('load-cancelled', 'x');
    expect(mapWebLlmError(e, 'm')).toBe(e);
  });
});

describe('progressPhase', () => {
  it('follows web-llm progress lines', () => {
    expect(progressPhase('Fetching param cache[3/20]: 100MB fetched')).toBe('download');
    expect(progressPhase('Loading model from cache[1/20]: 0MB loaded')).toBe('load');
    expect(progressPhase('Loading GPU shader modules[10/50]')).toBe('compile');
    expect(progressPhase('Finish loading on WebGPU - swiftshader')).toBe('ready');
  });
});
