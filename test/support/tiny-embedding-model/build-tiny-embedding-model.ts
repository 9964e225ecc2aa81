/**
 * Test tool: builds a tiny but real transformers.js embedding model (a BERT-type config, a
 * WordPiece tokenizer, and ONNX graphs for dtypes fp32 and q8) so tests can load it through
 * the real transformers.js + ONNX Runtime path, from a folder or over http.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { tinyEncoderOnnx } from './tiny-onnx-graph.ts';
import { TINY_MAX_LENGTH, tinyTokenizerConfig, tinyTokenizerJson } from './tiny-tokenizer.ts';
import { TINY_DIMENSIONS, tinyVocabulary } from './tiny-vocabulary.ts';

/** Hub-style id the tiny model is stored under (`<root>/<id>/config.json`). */
export const TINY_EMBEDDING_MODEL_ID = 'egos-test/tiny-embedder';

export { TINY_DIMENSIONS };

function configJson(vocabSize: number): object {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: TINY_DIMENSIONS,
    intermediate_size: TINY_DIMENSIONS,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    max_position_embeddings: TINY_MAX_LENGTH,
    type_vocab_size: 2,
    vocab_size: vocabSize,
    pad_token_id: 0,
  };
}

/**
 * Every file of the tiny model, keyed by its path inside the model folder
 * (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx`,
 * `onnx/model_quantized.onnx`). Handy for serving it from an http test server.
 */
export function tinyEmbeddingModelFiles(): Map<string, Uint8Array> {
  const vocabulary = tinyVocabulary();
  const rows = vocabulary.map((t) => t.embedding);
  const json = (value: object) => new TextEncoder().encode(JSON.stringify(value, null, 2));
  return new Map([
    ['config.json', json(configJson(vocabulary.length))],
    ['tokenizer.json', json(tinyTokenizerJson(vocabulary.map((t) => t.token)))],
    ['tokenizer_config.json', json(tinyTokenizerConfig())],
    ['onnx/model.onnx', tinyEncoderOnnx(rows, false)],
    ['onnx/model_quantized.onnx', tinyEncoderOnnx(rows, true)],
  ]);
}

/** A tiny model written to disk. */
export interface TinyEmbeddingModel {
  /** Folder to use as transformers.js `localModelPath` (ends with a slash). */
  root: string;
  /** Model id to load (the model's folder is `root + modelId`). */
  modelId: string;
  dimensions: number;
  /** Deletes the folder. */
  cleanup(): Promise<void>;
}

/** Where {@link buildTinyEmbeddingModel} writes. */
export interface TinyModelLocation {
  /** Parent folder; default a new temporary folder. */
  root?: string;
  /** Model id (sub-folder); default {@link TINY_EMBEDDING_MODEL_ID}. transformers.js memoizes per id, so tests that load the same files from different places use different ids. */
  modelId?: string;
}

/**
 * Writes the tiny model to `<root>/<modelId>/`.
 * @throws Error when the files cannot be written.
 */
export async function buildTinyEmbeddingModel(location: TinyModelLocation = {}): Promise<TinyEmbeddingModel> {
  const base = location.root ?? (await mkdtemp(join(tmpdir(), 'egos-tiny-embedder-')));
  const modelId = location.modelId ?? TINY_EMBEDDING_MODEL_ID;
  const modelDir = join(base, modelId);
  for (const [path, bytes] of tinyEmbeddingModelFiles()) {
    const target = join(modelDir, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return {
    root: base.endsWith('/') ? base : `${base}/`,
    modelId,
    dimensions: TINY_DIMENSIONS,
    cleanup: () => rm(base, { recursive: true, force: true }),
  };
}
