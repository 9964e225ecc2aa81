import { EngineError, isSerializedError, type EngineErrorCode } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';

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
    ? new EngineError('load-cancelled', msg('engine.embedder.loadCancelled', { model: modelId }))
    : new EngineError('load-cancelled', msg('engine.embedder.embedCancelled'));
}

/** The error for an embedding call made before the model was loaded. */
export function embedderNotLoaded(modelId: string): EngineError {
  return new EngineError('not-loaded', msg('engine.embedder.notLoaded', { model: modelId }));
}

/**
 * Turns a transformers.js / ONNX Runtime failure into an EngineError that names the user's case
 * (offline, files missing, storage full, runtime could not start) and what to do.
 */
export function mapEmbedderError(error: unknown, ctx: EmbedderErrorContext): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const model = ctx.modelId;
  const detail = text.slice(0, 160);
  const fail = (code: EngineErrorCode, message: Message) => new EngineError(code, message, { cause: error });
  if (/QuotaExceeded|quota/i.test(text)) return fail('storage-quota', msg('engine.embedder.quota', { model }));
  if (/Invalid configuration|Unsupported (device|pipeline|model type)/i.test(text))
    return fail('invalid-config', msg('engine.embedder.invalidConfig', { detail }));
  if (/ModelFileNotFound|not found locally|Could not locate file|\b404\b/i.test(text)) {
    const file = quotedPath(text);
    const missing = file ? msg('engine.embedder.missingFile', { file }) : '';
    if (ctx.remoteDisabled) return fail('model-not-cached', msg('engine.embedder.notCached', { model, missing }));
    return fail('model-not-found', msg('engine.embedder.notFound', { model, missing }));
  }
  if (/\b40[13]\b|Unauthorized|Forbidden/i.test(text)) return fail('unauthorized', msg('engine.embedder.unauthorized', { model }));
  if (/no available backend|backend|wasm|WebAssembly/i.test(text)) return fail('engine-failed', msg('engine.embedder.runtime', { detail }));
  if (/Failed to fetch|fetch failed|NetworkError|Load failed|network|ECONNREFUSED|ENOTFOUND|ETIMEDOUT/i.test(text)) {
    return fail('model-download-failed', msg('engine.embedder.offline', { model }));
  }
  if (ctx.phase === 'embed') return fail('engine-failed', msg('engine.embedder.embedFailed', { model, detail }));
  return fail('engine-failed', msg('engine.embedder.loadFailed', { model, detail }));
}

const ENGINE_CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'no-webgpu',
  'shader-f16-missing',
  'model-download-failed',
  'model-not-cached',
  'storage-quota',
  'device-lost',
  'out-of-memory',
  'context-overflow',
  'connection-refused',
  'cors',
  'unauthorized',
  'model-not-found',
  'http-error',
  'malformed-stream',
  'timeout',
  'not-loaded',
  'load-cancelled',
  'invalid-config',
  'engine-failed',
]);

/**
 * Rebuilds the EngineError a worker posted as `{ name, code, message, text? }` (keeping its message,
 * so it is still shown in the interface's language; a posted error without one says its English
 * sentence); anything else becomes `engine-failed`.
 */
export function reviveEmbedderError(value: unknown): EngineError {
  if (isSerializedError(value) && ENGINE_CODES.has(value.code)) {
    return new EngineError(value.code as EngineErrorCode, value.text ?? msg('text.verbatim', { text: value.message }));
  }
  const detail = (isSerializedError(value) ? value.message : String(value)).slice(0, 160);
  return new EngineError('engine-failed', msg('engine.embedder.workerFailed', { detail }));
}
