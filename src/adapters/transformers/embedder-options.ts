import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { DEFAULT_EMBEDDING_MODEL_ID, profileFor, type EmbeddingModelProfile } from './embedding-models.ts';

/** Weight formats the embedder can load (`q8` = `onnx/model_quantized.onnx`, `fp32` = `onnx/model.onnx`). */
export type EmbedderDtype = 'q8' | 'fp32' | 'fp16' | 'int8' | 'uint8' | 'q4';

/** Options of a transformers.js embedder; plain data, so they can be posted to the worker. */
export interface TransformersEmbedderOptions {
  /** Hub-style model id; default {@link DEFAULT_EMBEDDING_MODEL_ID}. */
  modelId?: string;
  /** Weight format; default `q8` (quantized: 4x smaller download, near-identical retrieval). */
  dtype?: EmbedderDtype;
  /** Base URL of the model server; default `https://huggingface.co/`. A self-hosted mirror goes here. */
  remoteHost?: string;
  /** Path of a model's files under `remoteHost`; default `{model}/resolve/{revision}/` (the hub layout). */
  remotePathTemplate?: string;
  /** Folder (Node) or URL path (browser) holding `<modelId>/config.json` etc.; tried before the remote host. */
  localModelPath?: string;
  /** False forbids any download (offline, tests): only `localModelPath` and the cache are used. Default true. */
  allowRemoteModels?: boolean;
  /** Keep downloaded files in the browser's Cache API so the model works offline later. Default true. */
  useBrowserCache?: boolean;
  /** Node only: folder for downloaded files (transformers.js loads remote models in Node through this file cache); default its own cache folder. */
  cacheDir?: string;
  /** Texts per model call; default 16. */
  batchSize?: number;
  /** Overrides of the model family's prefixes/pooling (see `profileFor`). */
  profile?: Partial<EmbeddingModelProfile>;
}

/** Options with every default filled in. */
export interface ResolvedEmbedderOptions {
  modelId: string;
  dtype: EmbedderDtype;
  remoteHost: string;
  remotePathTemplate: string;
  localModelPath: string | null;
  allowRemoteModels: boolean;
  useBrowserCache: boolean;
  cacheDir: string | null;
  batchSize: number;
  profile: EmbeddingModelProfile;
}

/**
 * Fills in defaults and checks the values.
 * @throws EngineError `invalid-config` when the model id is empty or the batch size is not a positive integer.
 */
export function resolveEmbedderOptions(options: TransformersEmbedderOptions = {}): ResolvedEmbedderOptions {
  const modelId = (options.modelId ?? DEFAULT_EMBEDDING_MODEL_ID).trim();
  if (!modelId) {
    throw new EngineError('invalid-config', msg('engine.embedder.idEmpty'));
  }
  const batchSize = options.batchSize ?? 16;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new EngineError('invalid-config', msg('engine.embedder.batchSize', { size: batchSize }));
  }
  const remoteHost = options.remoteHost ?? 'https://huggingface.co/';
  return {
    modelId,
    dtype: options.dtype ?? 'q8',
    remoteHost: remoteHost.endsWith('/') ? remoteHost : `${remoteHost}/`,
    remotePathTemplate: options.remotePathTemplate ?? '{model}/resolve/{revision}/',
    localModelPath: options.localModelPath ?? null,
    allowRemoteModels: options.allowRemoteModels ?? true,
    useBrowserCache: options.useBrowserCache ?? true,
    cacheDir: options.cacheDir ?? null,
    batchSize,
    profile: { ...profileFor(modelId), ...options.profile },
  };
}
