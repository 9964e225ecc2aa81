import { EngineError } from '../../core/errors/index.ts';

/** Text of an error thrown by web-llm; across the worker boundary errors arrive as strings. */
function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  if (typeof error === 'object' && error !== null && 'content' in error) return String((error as { content: unknown }).content);
  return String(error);
}

/**
 * Turns a web-llm failure during load into an EngineError that says which case the user is in
 * (offline, quota, missing files, GPU lost or out of memory) and what to do.
 */
export function mapWebLlmError(error: unknown, modelId: string): EngineError {
  if (error instanceof EngineError) return error;
  const text = errorText(error);
  const cause = { cause: error };
  if (/QuotaExceeded|quota/i.test(text)) {
    return new EngineError(
      'storage-quota',
      `There is not enough storage to download ${modelId}. Free space (delete other cached models in Models, or other site data), or pick a smaller model, then retry.`,
      cause,
    );
  }
  if (/DeviceLost|device (was )?lost|device is lost/i.test(text)) {
    return new EngineError(
      'device-lost',
      `The GPU stopped responding while running ${modelId} (device lost), usually because it ran out of memory. Your chat is saved. Close other GPU-heavy tabs and load a smaller model (or a q4f16 build).`,
      cause,
    );
  }
  if (/out of memory|OutOfMemory|allocation failed|Failed to allocate/i.test(text)) {
    return new EngineError(
      'out-of-memory',
      `${modelId} does not fit in your GPU's memory. Your chat is saved. Pick a smaller model, or close other tabs and apps that use the GPU.`,
      cause,
    );
  }
  if (/ShaderF16|shader-f16|f16/i.test(text) && /support/i.test(text)) {
    return new EngineError('shader-f16-missing', `Your GPU cannot run the q4f16 build of this model. Pick the q4f32 build instead.`, cause);
  }
  if (/WebGPU/i.test(text) && /(not available|not supported|NotFound|no adapter)/i.test(text)) {
    return new EngineError('no-webgpu', 'WebGPU is not available in this browser, so in-browser models cannot run. See the engine settings for what to do.', cause);
  }
  if (/ContextWindowSizeExceeded/i.test(text)) {
    return new EngineError('context-overflow', 'The prompt was longer than the model can read. Start a new chat or shorten the persona, then retry.', cause);
  }
  if (/404|Not ?Found|ModelNotFound/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `The files for ${modelId} were not found on the model server (404). The model may have been moved; pick another model, or use "Delete cached files" and retry.`,
      cause,
    );
  }
  if (/Failed to fetch|NetworkError|network|fetch failed|Load failed/i.test(text)) {
    return new EngineError(
      'model-download-failed',
      `Could not download ${modelId}: the network request failed. Check that you are online and that huggingface.co is not blocked, then press Retry. If an earlier download was interrupted, use "Delete cached files" first.`,
      cause,
    );
  }
  return new EngineError('engine-failed', `Loading ${modelId} failed (${text.slice(0, 200)}). Try "Delete cached files" and retry, or pick another model.`, cause);
}
