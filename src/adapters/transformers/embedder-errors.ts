import { EngineError, isSerializedError, type EngineErrorCode } from '../../core/errors/index.ts';

/** Said at the end of every embedder failure: memory search degrades, it does not stop. */
const KEYWORDS_STILL_WORK = 'Keyword search keeps working meanwhile.';

/** What the embedder was doing when it failed. */
export interface EmbedderErrorContext {
  modelId: string;
  phase: 'load' | 'embed';
  /** True when downloads are off (only local files and the cache may be used). */
  remoteDisabled: boolean;
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** The file named in a transformers.js "not found" message, e.g. `.../onnx/model_quantized.onnx`. */
function quotedPath(text: string): string | null {
  return /"([^"]+)"/.exec(text)?.[1] ?? null;
}

/** The error for a cancelled load or embedding call. */
export function embedderCancelled(modelId: string, phase: 'load' | 'embed'): EngineError {
  return phase === 'load'
    ? new EngineError('load-cancelled', `Loading the search model ${modelId} was cancelled. Files already downloaded stay cached; load it again to resume.`)
    : new EngineError('load-cancelled', 'Embedding was cancelled. Nothing was changed; run it again when you are ready.');
}

/** The error for an embedding call made before the model was loaded. */
export function embedderNotLoaded(modelId: string): EngineError {
  return new EngineError('not-loaded', `The search model ${modelId} is not loaded yet. Load it first (Settings, Memory). ${KEYWORDS_STILL_WORK}`);
}

/**
 * Turns a transformers.js / ONNX Runtime failure into an EngineError that names the user's case
 * (offline, files missing, storage full, runtime could not start) and what to do.
 */
export function mapEmbedderError(error: unknown, ctx: EmbedderErrorContext): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const cause = { cause: error };
  const { modelId } = ctx;
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError(
      'storage-quota',
      `There is not enough storage to keep the search model ${modelId}. Free space (delete cached models you no longer use, or other site data), then retry. ${KEYWORDS_STILL_WORK}`,
      cause,
    );
  }
  if (/Invalid configuration|Unsupported (device|pipeline|model type)/i.test(text)) {
    return new EngineError('invalid-config', `The search model settings are not valid (${text.slice(0, 160)}). Check the model id and address in Settings. ${KEYWORDS_STILL_WORK}`, cause);
  }
  if (/ModelFileNotFound|not found locally|Could not locate file|\b404\b/i.test(text)) {
    const file = quotedPath(text);
    const where = file ? ` (missing: ${file})` : '';
    if (ctx.remoteDisabled) {
      return new EngineError(
        'model-not-cached',
        `The search model ${modelId} is not on this device${where} and downloads are turned off. Turn downloads on and load it once while online, or put the model files in that folder. ${KEYWORDS_STILL_WORK}`,
        cause,
      );
    }
    return new EngineError(
      'model-not-found',
      `The files of the search model ${modelId} were not found on the model server${where}. Check the model id and the model server address in Settings, or pick another model. ${KEYWORDS_STILL_WORK}`,
      cause,
    );
  }
  if (/\b40[13]\b|Unauthorized|Forbidden/i.test(text)) {
    return new EngineError('unauthorized', `The model server refused to send ${modelId} (not public, or access denied). Pick another model or check the server address. ${KEYWORDS_STILL_WORK}`, cause);
  }
  if (/no available backend|backend|wasm|WebAssembly/i.test(text)) {
    return new EngineError(
      'engine-failed',
      `The search model's runtime (ONNX Runtime for WebAssembly) could not start: ${text.slice(0, 160)}. Reload the page and retry. ${KEYWORDS_STILL_WORK}`,
      cause,
    );
  }
  if (/Failed to fetch|fetch failed|NetworkError|Load failed|network|ECONNREFUSED|ENOTFOUND|ETIMEDOUT/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `Could not download the search model ${modelId}: you seem to be offline or the model server is unreachable. Retry when you are online. ${KEYWORDS_STILL_WORK}`,
      cause,
    );
  }
  if (ctx.phase === 'embed') {
    return new EngineError('engine-failed', `Computing embeddings with ${modelId} failed (${text.slice(0, 160)}). Retry; if it keeps failing, reload the page. ${KEYWORDS_STILL_WORK}`, cause);
  }
  return new EngineError('engine-failed', `Loading the search model ${modelId} failed (${text.slice(0, 160)}). Reload the page and retry, or pick another model. ${KEYWORDS_STILL_WORK}`, cause);
}

const ENGINE_CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'no-webgpu', 'shader-f16-missing', 'model-download-failed', 'model-not-cached', 'storage-quota', 'device-lost', 'out-of-memory',
  'context-overflow', 'connection-refused', 'cors', 'unauthorized', 'model-not-found', 'http-error', 'malformed-stream', 'timeout',
  'not-loaded', 'load-cancelled', 'invalid-config', 'engine-failed',
]);

/** Rebuilds the EngineError a worker posted as `{ name, code, message }`; anything else becomes `engine-failed`. */
export function reviveEmbedderError(value: unknown): EngineError {
  if (isSerializedError(value) && ENGINE_CODES.has(value.code)) {
    return new EngineError(value.code as EngineErrorCode, value.message);
  }
  const message = isSerializedError(value) ? value.message : String(value);
  return new EngineError('engine-failed', `The search model worker failed (${message.slice(0, 160)}). Reload the page and retry. ${KEYWORDS_STILL_WORK}`);
}
