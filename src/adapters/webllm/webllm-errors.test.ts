import { beforeAll, describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { loadPatchedWebLlm, type HarnessLibrary } from '../../../test/support/webllm-harness/webllm-harness.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { mapWebLlmError, type WebLlmPhase } from './webllm-errors.ts';
import { progressPhase } from './webllm-engine.ts';

const MODEL = 'Qwen3-0.6B-q4f32_1-MLC';

let lib: HarnessLibrary;
beforeAll(async () => {
  lib = await loadPatchedWebLlm();
});

/**
 * Every failure the adapter can receive from web-llm, built from the library's own error classes
 * (or, for browser and tvmjs errors, their exact text) and turned into text with `toString()` as
 * the worker handler sends it. [what, phase, error, code, message].
 */
const cases: Array<[string, WebLlmPhase, () => unknown, string, RegExp]> = [
  [
    'WebGPUNotAvailableError (no navigator.gpu)',
    'load',
    () => new lib.WebGPUNotAvailableError(),
    'no-webgpu',
    /WebGPU is not available.*CPU engine or your own server on the Engine page/,
  ],
  ['WebGPUNotFoundError', 'load', () => new lib.WebGPUNotFoundError(), 'no-webgpu', /WebGPU is not available/],
  [
    'tvmjs: no adapter',
    'load',
    () => new Error("Unable to find a compatible GPU. This issue might be because your computer doesn't have a GPU"),
    'no-webgpu',
    /no compatible GPU was found/,
  ],
  [
    'tvmjs: limits too small',
    'load',
    () => new Error('Cannot initialize runtime because of requested maxStorageBufferBindingSize exceeds limit. requested=128MB, limit=64MB. '),
    'no-webgpu',
    /limits are too small/,
  ],
  ['ShaderF16SupportError', 'load', () => new lib.ShaderF16SupportError(), 'shader-f16-missing', /q4f32 build/],
  ['FeatureSupportError', 'load', () => new lib.FeatureSupportError('subgroups'), 'engine-failed', /needs a WebGPU feature.*subgroups.*Update the browser/],
  ['DeviceLostError while loading', 'load', () => new lib.DeviceLostError(), 'device-lost', /lost while loading.*chat is saved.*smaller model/],
  [
    'Cache.add failed download',
    'load',
    () => new TypeError("Failed to execute 'add' on 'Cache': Request failed"),
    'model-download-failed',
    /Downloading .* failed.*offline.*blocked.*refused.*Retry.*Delete cached files/,
  ],
  ['fetch failed', 'load', () => new TypeError('Failed to fetch'), 'model-download-failed', /Downloading .* failed/],
  [
    'QuotaExceededError from the Cache API',
    'load',
    () => new DOMException("Failed to execute 'add' on 'Cache': Quota exceeded.", 'QuotaExceededError'),
    'storage-quota',
    /not enough storage.*smaller model/,
  ],
  ['wasm memory allocation', 'load', () => new RangeError('WebAssembly.Memory(): could not allocate memory'), 'out-of-memory', /does not fit.*smaller model/],
  ['ModelNotFoundError', 'load', () => new lib.ModelNotFoundError(MODEL), 'model-not-in-list', /not in the list of models.*Pick the model again.*self-hosted/],
  [
    'IntegrityError',
    'load',
    () => new lib.IntegrityError('https://x/tokenizer.json', 'sha256-a', 'sha256-b'),
    'model-download-failed',
    /checksum.*Delete cached files/,
  ],
  ['MissingModelWasmError', 'load', () => new lib.MissingModelWasmError(MODEL), 'invalid-config', /record .* is incomplete/],
  ['UnsupportedTokenizerFilesError', 'load', () => new lib.UnsupportedTokenizerFilesError(['x.bin']), 'invalid-config', /incomplete/],
  ['unknown load error', 'load', () => new Error('something odd'), 'engine-failed', /^Loading Qwen3-0\.6B-q4f32_1-MLC failed \(Error: something odd\)/],
  [
    'ModelNotLoadedError after a lost device',
    'reply',
    () => new lib.ModelNotLoadedError('ChatCompletionRequest'),
    'device-lost',
    /GPU was lost or reset and .* was unloaded.*chat is saved.*Load the model again.*smaller model/,
  ],
  ['WorkerEngineModelNotLoadedError', 'reply', () => new lib.WorkerEngineModelNotLoadedError('WebWorkerMLCEngine'), 'device-lost', /unloaded/],
  ['DeviceLostError while replying', 'reply', () => new lib.DeviceLostError(), 'device-lost', /while running .* unloaded.*chat is saved/],
  ['ContextWindowSizeExceededError', 'reply', () => new lib.ContextWindowSizeExceededError(5000, 4096), 'context-overflow', /longer than the model can read/],
  [
    'MinValueError (sampling)',
    'reply',
    () => new lib.MinValueError('repetition_penalty', 0),
    'invalid-config',
    /rejected a generation setting.*repetition_penalty/,
  ],
  ['RangeError (sampling)', 'reply', () => new lib.ConfigRangeError('top_p', 0, 1), 'invalid-config', /top_p/],
  [
    'GrammarMatcherInitError',
    'reply',
    () => new lib.GrammarMatcherInitError('json_object', new Error('bad schema')),
    'engine-failed',
    /^The model stopped with an error while replying/,
  ],
  [
    'unknown reply error',
    'reply',
    () => new Error('something odd'),
    'engine-failed',
    /^The model stopped with an error while replying \(Error: something odd\).*chat is saved/,
  ],
  ['unknown delete error', 'delete', () => new Error('cache gone'), 'engine-failed', /^Deleting the cached files of .* failed/],
];

describe('mapWebLlmError', () => {
  it.each(cases)('%s (%s)', (_what, phase, make, code, message) => {
    const error = make();
    for (const received of [String(error), error]) {
      const mapped = mapWebLlmError(received, MODEL, phase);
      expect(mapped).toBeInstanceOf(EngineError);
      expect(mapped.code).toBe(code);
      expect(mapped.message).toMatch(message);
      expect(inChinese(mapped)).toMatch(/\p{Script=Han}/u);
      expect(mapped.cause).toBe(received);
    }
  });

  it('never words an error while replying as a load failure', () => {
    for (const [, , make] of cases) expect(mapWebLlmError(String(make()), MODEL, 'reply').message).not.toMatch(/^Loading /);
  });

  it('cannot claim a status code for a failed download: the Cache API gives none', () => {
    const mapped = mapWebLlmError("TypeError: Failed to execute 'add' on 'Cache': Request failed", MODEL, 'load');
    expect(mapped.message).not.toMatch(/404|not found/i);
  });

  it('passes an EngineError through unchanged', () => {
    const e = new EngineError('load-cancelled', msg('engine.webllm.loadCancelled', { model: 'm' }));
    expect(mapWebLlmError(e, 'm', 'load')).toBe(e);
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
