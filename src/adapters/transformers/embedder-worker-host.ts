import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { mapEmbedderError } from './embedder-errors.ts';
import type { EmbedderRequest, EmbedderResponse } from './embedder-protocol.ts';
import { EmbeddingPipeline, type OrtRuntimeOptions } from './embedding-pipeline.ts';

/** Sends a response to the main thread, transferring the listed buffers. */
export type PostResponse = (response: EmbedderResponse, transfer: Transferable[]) => void;

/**
 * The worker side of the embedder: runs each request on one {@link EmbeddingPipeline} and
 * posts results, progress and errors back. Returns the request handler (it never throws; every
 * failure is posted as an `error` response).
 */
export function createEmbedderWorkerHost(post: PostResponse, runtime: OrtRuntimeOptions = {}): (request: EmbedderRequest) => Promise<void> {
  let pipeline: EmbeddingPipeline | null = null;
  const running = new Map<number, AbortController>();

  const need = (): EmbeddingPipeline => {
    if (!pipeline) {
      throw new EngineError('invalid-config', msg('engine.embedder.notSetUp'));
    }
    return pipeline;
  };

  const run = async (request: EmbedderRequest): Promise<void> => {
    switch (request.op) {
      case 'init':
        pipeline = new EmbeddingPipeline(request.options, runtime);
        return;
      case 'cancel':
        running.get(request.target)?.abort();
        return;
      case 'load': {
        const p = need();
        await p.load((progress) => post({ type: 'progress', id: request.id, progress }, []));
        post({ type: 'loaded', id: request.id, dimensions: p.dimensions }, []);
        return;
      }
      case 'embed': {
        const controller = new AbortController();
        running.set(request.id, controller);
        try {
          const vectors = await need().embed(request.texts, request.purpose, controller.signal);
          post(
            { type: 'embedded', id: request.id, vectors },
            vectors.map((v) => v.buffer),
          );
        } finally {
          running.delete(request.id);
        }
        return;
      }
      case 'is-cached':
        post({ type: 'value', id: request.id, value: await need().isCached() }, []);
        return;
      case 'clear-cache':
        await need().clearCache();
        post({ type: 'value', id: request.id, value: null }, []);
        return;
    }
  };

  return async (request) => {
    try {
      await run(request);
    } catch (error) {
      const modelId = pipeline?.options.modelId ?? 'the search model';
      const typed = mapEmbedderError(error, {
        modelId,
        phase: request.op === 'embed' ? 'embed' : 'load',
        remoteDisabled: pipeline?.options.allowRemoteModels === false,
      });
      post({ type: 'error', id: request.id, error: typed.toJSON() }, []);
    }
  };
}
