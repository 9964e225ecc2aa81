import type { CompletionEvent, CompletionRequest, LlmEngine, LoadOptions } from '../llm-engine.ts';

/** Error codes after which the engine cannot go on: the GPU is gone or full. */
export const FATAL_ENGINE_CODES: readonly string[] = ['device-lost', 'out-of-memory'];

/** True for an error that leaves the engine unusable (GPU device lost, out of memory). */
export function isFatalEngineError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && FATAL_ENGINE_CODES.includes(String(error.code));
}

/**
 * Wraps an engine so that a fatal error while generating (device lost, out of memory) is
 * reported to `onFatal` before it is rethrown to the caller. The caller (the chat) still
 * sees the error and keeps its partial text; `onFatal` lets the app unload the engine and
 * offer a smaller model.
 */
export function guardEngine(engine: LlmEngine, onFatal: (error: unknown) => void): LlmEngine {
  return {
    get id() {
      return engine.id;
    },
    get capabilities() {
      return engine.capabilities;
    },
    get modelId() {
      return engine.modelId;
    },
    get thinking() {
      return engine.thinking;
    },
    load: (modelId: string, options?: LoadOptions) => engine.load(modelId, options),
    unload: () => engine.unload(),
    async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
      try {
        yield* engine.stream(request, signal);
      } catch (error) {
        if (isFatalEngineError(error)) onFatal(error);
        throw error;
      }
    },
  };
}
