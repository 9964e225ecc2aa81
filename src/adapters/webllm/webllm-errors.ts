import { EngineError, type EngineErrorCode } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';

/**
 * When a web-llm failure happened: loading a model, generating a reply, or deleting cached files.
 * The same library error needs different words in each (a generation error is not a load failure).
 */
export type WebLlmPhase = 'load' | 'reply' | 'delete';

/**
 * Text of an error thrown by web-llm. Across the worker boundary the handler sends `err.toString()`,
 * so errors arrive as strings such as "ModelNotFoundError: Cannot find model record…" or
 * "TypeError: Failed to execute 'add' on 'Cache': Request failed"; in-process they are Errors.
 */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'content' in error) return String((error as { content: unknown }).content);
  return String(error);
}

/** The error class name at the start of web-llm's `toString()` text ("ModelNotFoundError: …"). */
function errorName(text: string): string {
  return /^([A-Za-z]+Error|[A-Za-z]+Exception)\b/.exec(text)?.[1] ?? '';
}

/**
 * Turns a web-llm failure into an EngineError that says which case the user is in and what to do.
 * Recognises the library's own error classes by name (they cross the worker as text), the
 * browser's errors that surface through it (Cache API, quota, network), and GPU memory failures.
 * Anything else keeps its detail, worded for the phase: "Loading … failed" only for a load.
 */
export function mapWebLlmError(error: unknown, model: string | Message, phase: WebLlmPhase): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const name = errorName(text);
  const detail = text.slice(0, 200);
  const fail = (code: EngineErrorCode, message: Message) => new EngineError(code, message, { cause: error });

  if (name === 'ModelNotLoadedError' || name === 'WorkerEngineModelNotLoadedError') {
    // The engine unloaded itself: web-llm does this when the GPU device is lost after loading.
    return fail('device-lost', msg('engine.webllm.unloaded', { model }));
  }
  if (name === 'DeviceLostError' || /device (was )?lost|device is lost/i.test(text)) {
    return phase === 'load'
      ? fail('device-lost', msg('engine.webllm.deviceLost.load', { model }))
      : fail('device-lost', msg('engine.webllm.deviceLost.run', { model }));
  }
  if (/QuotaExceeded|quota/i.test(text)) {
    return fail('storage-quota', msg('engine.webllm.quota', { model }));
  }
  if (/out of memory|OutOfMemory|allocation failed|Failed to allocate|could not allocate/i.test(text)) {
    return fail('out-of-memory', msg('engine.webllm.outOfMemory', { model }));
  }
  if (name === 'ShaderF16SupportError' || /shader-f16/.test(text)) {
    return fail('shader-f16-missing', msg('engine.webllm.noF16'));
  }
  if (name === 'FeatureSupportError') {
    return fail('engine-failed', msg('engine.webllm.feature', { model, detail }));
  }
  if (name === 'WebGPUNotAvailableError' || name === 'WebGPUNotFoundError' || /Unable to find a compatible GPU/i.test(text)) {
    return fail('no-webgpu', msg('engine.webllm.noWebGpu'));
  }
  if (/Cannot initialize runtime because of requested/i.test(text)) {
    return fail('no-webgpu', msg('engine.webllm.limits', { detail }));
  }
  if (name === 'ContextWindowSizeExceededError') {
    return fail('context-overflow', msg('engine.error.contextOverflow'));
  }
  if (name === 'ModelNotFoundError') {
    return fail('model-not-in-list', msg('engine.webllm.notInList', { model }));
  }
  if (name === 'IntegrityError') {
    return fail('model-download-failed', msg('engine.webllm.integrity', { model }));
  }
  if (name === 'MissingModelError' || name === 'UnsupportedTokenizerFilesError') {
    return fail('invalid-config', msg('engine.webllm.incomplete', { model, detail }));
  }
  if (/Failed to execute 'add' on 'Cache'|Failed to fetch|NetworkError|fetch failed|Load failed|network/i.test(text)) {
    // The Cache API reports a failed download without a status code: it may be offline, a blocked host or a refusal.
    return fail('model-download-failed', msg('engine.webllm.downloadFailed', { model }));
  }
  if (/^(MinValueError|RangeError|NonNegativeError|ConfigValueError|InvalidNumberStringError|DependencyError)$/.test(name) && phase === 'reply') {
    return fail('invalid-config', msg('engine.webllm.badSetting', { detail }));
  }
  if (phase === 'reply') {
    return fail('engine-failed', msg('engine.webllm.replyFailed', { detail }));
  }
  if (phase === 'delete') {
    return fail('engine-failed', msg('engine.webllm.deleteFailed', { model, detail }));
  }
  return fail('engine-failed', msg('engine.webllm.loadFailed', { model, detail }));
}
