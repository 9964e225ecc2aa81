import { EngineError } from '../../core/errors/index.ts';

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
  return new EngineError('load-cancelled', `Loading ${label} was cancelled. Downloaded files stay cached; load again to continue.`);
}

/**
 * Turns a failure of the CPU engine (download, cache, load or generation) into an EngineError
 * that says what happened and what to do: offline or blocked, not found, storage full, out of
 * memory, prompt too long, or llama.cpp refusing the file.
 */
export function mapWllamaError(error: unknown, label: string): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const cause = { cause: error };
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError(
      'storage-quota',
      `There is not enough storage to keep ${label}. Free space (delete other downloaded models or site data) or pick a smaller model, then retry.`,
      cause,
    );
  }
  const http = /HTTP (\d{3})/.exec(text);
  if (http?.[1] === '404' || http?.[1] === '410') {
    return new EngineError('model-download-failed', `${label} was not found at its address (HTTP ${http[1]}). Check the address, or pick another model.`, cause);
  }
  if (http) {
    return new EngineError('model-download-failed', `The server refused to send ${label} (HTTP ${http[1]}). Try again later, or check the address.`, cause);
  }
  if (/Failed to fetch|NetworkError|network|Load failed|fetch failed/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `Could not download ${label}: the request failed. Check that you are online, then press Retry. A custom server must also allow this site (CORS) and send Cross-Origin-Resource-Policy: cross-origin.`,
      cause,
    );
  }
  if (/exceeds the available context|exceed_context_size|kv_cache_full|context size/i.test(text)) {
    return new EngineError('context-overflow', 'The prompt was longer than the model can read. Start a new chat or shorten the persona, then retry.', cause);
  }
  if (/out of memory|\bOOM\b|allocat|memory access out of bounds/i.test(text)) {
    return new EngineError(
      'out-of-memory',
      `${label} does not fit in the memory this browser tab may use. Your chat is saved. Close other tabs, or pick a smaller model.`,
      cause,
    );
  }
  if (/failed to load model|unknown model architecture|load_error|GGUF/i.test(text)) {
    return new EngineError(
      'engine-failed',
      `llama.cpp could not load ${label}: the file may be damaged, or its model type is not supported. Use "Delete downloaded file" and retry, or pick another model.`,
      cause,
    );
  }
  return new EngineError('engine-failed', `The CPU engine failed with ${label} (${text.slice(0, 200)}). Your chat is saved; try again, or reload the page.`, cause);
}
