import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';

/** Text of an error from wllama, fetch or the WebAssembly runtime. */
function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** True for an abort (fetch's `AbortError`, wllama's `WllamaAbortError`, `signal.throwIfAborted`). */
export function isAbortError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && (error as { name: unknown }).name === 'AbortError';
}

/** The error for a cancelled load. */
export function loadCancelled(label: string): EngineError {
  return new EngineError('load-cancelled', msg('engine.wllama.loadCancelled', { model: label }));
}

/**
 * Turns a failure of the CPU engine (download, cache, load or generation) into an EngineError
 * that says what happened and what to do: offline or blocked, not found, storage full, out of
 * memory, prompt too long, or llama.cpp refusing the file.
 */
export function mapWllamaError(error: unknown, label: string): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError('storage-quota', msg('engine.wllama.quota', { model: label }), { cause: error });
  }
  const http = /HTTP (\d{3})/.exec(text);
  if (http?.[1] === '404' || http?.[1] === '410') {
    return new EngineError('model-download-failed', msg('engine.wllama.notFound', { model: label, status: http[1] }), { cause: error });
  }
  if (http) {
    return new EngineError('model-download-failed', msg('engine.wllama.refused', { model: label, status: http[1] ?? '' }), { cause: error });
  }
  if (/Failed to fetch|NetworkError|network|Load failed|fetch failed/i.test(text)) {
    return new EngineError('model-download-failed', msg('engine.wllama.downloadFailed', { model: label }), { cause: error });
  }
  if (/exceeds the available context|exceed_context_size|kv_cache_full|context size/i.test(text)) {
    return new EngineError('context-overflow', msg('engine.error.contextOverflow'), { cause: error });
  }
  if (/out of memory|\bOOM\b|allocat|memory access out of bounds/i.test(text)) {
    return new EngineError('out-of-memory', msg('engine.wllama.outOfMemory', { model: label }), { cause: error });
  }
  if (/failed to load model|unknown model architecture|load_error|GGUF/i.test(text)) {
    return new EngineError('engine-failed', msg('engine.wllama.badFile', { model: label }), { cause: error });
  }
  const detail = text.slice(0, 200);
  return new EngineError('engine-failed', msg('engine.wllama.failed', { model: label, detail }), { cause: error });
}
