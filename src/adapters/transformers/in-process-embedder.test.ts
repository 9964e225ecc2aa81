import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedderProgress } from '../../core/embedder.ts';
import { EngineError } from '../../core/errors/index.ts';
import { english } from '../../core/i18n/message.ts';
import { buildTinyEmbeddingModel, type TinyEmbeddingModel } from '../../../test/support/tiny-embedding-model/build-tiny-embedding-model.ts';
import { createInProcessEmbedder } from './in-process-embedder.ts';
import type { TransformersEmbedder } from './transformers-embedder.ts';

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] ?? 0) * (b[i] ?? 0);
  return sum;
}

/** Indices of `passages` from most to least similar to `query`. */
function ranking(query: Float32Array, passages: Float32Array[]): number[] {
  return passages
    .map((p, i) => ({ i, score: dot(query, p) }))
    .sort((x, y) => y.score - x.score)
    .map((x) => x.i);
}

let model: TinyEmbeddingModel;
let embedder: TransformersEmbedder;
const progress: EmbedderProgress[] = [];

beforeAll(async () => {
  model = await buildTinyEmbeddingModel();
  embedder = createInProcessEmbedder({ modelId: model.modelId, localModelPath: model.root, allowRemoteModels: false, batchSize: 4 });
  await embedder.load((p) => progress.push(p));
});

afterAll(async () => {
  await embedder.dispose();
  await model.cleanup();
});

describe('in-process transformers.js embedder on the tiny model (q8)', () => {
  it('loads through transformers.js, learns the dimensions, and reports monotonic progress ending at 1', () => {
    expect(embedder.loaded).toBe(true);
    expect(embedder.dimensions).toBe(model.dimensions);
    const fractions = progress.map((p) => p.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(progress.map((p) => ({ ...p, text: english(p.text) })).at(-1)).toEqual({ fraction: 1, text: `Search model ${model.modelId} is ready` });
    expect(progress.some((p) => english(p.text).includes('onnx/model_quantized.onnx'))).toBe(true);
  });

  it('returns one L2-normalised vector of the model width per text, English and Chinese', async () => {
    const texts = ['The cat and the dog', '我想吃饭', 'rain and clouds', '', '🙂 unknown words only'];
    const vectors = await embedder.embed(texts, 'passage');
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v).toHaveLength(model.dimensions);
      expect(Math.sqrt(dot(v, v))).toBeCloseTo(1, 5);
    }
  });

  it('is deterministic, whatever the batch the text is padded in', async () => {
    const [alone] = await embedder.embed(['my kitten'], 'query');
    const batched = await embedder.embed(['a long sentence about rain and weather and clouds today', 'x', 'my kitten', 'sing'], 'query');
    expect(alone).toBeDefined();
    expect(Array.from(batched[2] ?? [])).toEqual(Array.from(alone ?? []).map((x) => expect.closeTo(x, 6)));
  });

  it('ranks related passages first, in English, in Chinese and across the two', async () => {
    const passages = await embedder.embed(['The dog chased the cat', 'rice and noodles', 'rain all day', '剑和刀', '猫和狗', '下雨了'], 'passage');
    const [cat, food, sword, rainZh] = await embedder.embed(['my cat', '我想吃饭', 'sword fight', '天气'], 'query');
    expect(ranking(cat!, passages).slice(0, 2).sort()).toEqual([0, 4]);
    expect(ranking(food!, passages)[0]).toBe(1);
    expect(ranking(sword!, passages)[0]).toBe(3);
    expect(ranking(rainZh!, passages).slice(0, 2).sort()).toEqual([2, 5]);
    expect(dot(cat!, passages[4]!)).toBeGreaterThan(dot(cat!, passages[3]!) + 0.3);
  });

  it('returns nothing for no texts', async () => {
    await expect(embedder.embed([], 'query')).resolves.toEqual([]);
  });

  it('stops an embedding call between batches when the signal aborts', async () => {
    const controller = new AbortController();
    const call = embedder.embed(['cat', 'dog', 'rice', 'rain', 'song', 'sword'], 'passage', controller.signal);
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'EngineError', code: 'load-cancelled', message: expect.stringMatching(/Embedding was cancelled/) });
  });
});

describe('in-process embedder options and failures', () => {
  it('puts the query/passage prefixes of the model profile in front of the text', async () => {
    const e5Style = createInProcessEmbedder({
      modelId: model.modelId,
      localModelPath: model.root,
      allowRemoteModels: false,
      profile: { queryPrefix: 'query: ', passagePrefix: 'passage: ' },
    });
    await e5Style.load();
    const [asQuery] = await e5Style.embed(['cat'], 'query');
    const [asPassage] = await e5Style.embed(['cat'], 'passage');
    expect(asQuery![6]).toBeGreaterThan(0.1);
    expect(asQuery![7]).toBe(0);
    expect(asPassage![7]).toBeGreaterThan(0.1);
    expect(asPassage![6]).toBe(0);
    expect(dot(asQuery!, asPassage!)).toBeGreaterThan(0.8);
    await e5Style.dispose();
  });

  it('loads the fp32 build (onnx/model.onnx) with vectors matching the quantized one', async () => {
    const fp32 = createInProcessEmbedder({ modelId: model.modelId, localModelPath: model.root, allowRemoteModels: false, dtype: 'fp32' });
    const texts: string[] = [];
    await fp32.load((p) => texts.push(english(p.text)));
    expect(texts.some((t) => t.includes('onnx/model.onnx'))).toBe(true);
    const [a] = await fp32.embed(['the cat sings a song'], 'passage');
    const [b] = await embedder.embed(['the cat sings a song'], 'passage');
    expect(dot(a!, b!)).toBeGreaterThan(0.999);
    await fp32.dispose();
  });

  it('rejects a missing model folder with a typed error that names the file and the way out', async () => {
    const missing = createInProcessEmbedder({ modelId: 'egos-test/absent-model', localModelPath: model.root, allowRemoteModels: false });
    const error: unknown = await missing.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({ code: 'model-not-cached' });
    const message = (error as EngineError).message;
    expect(message).toContain('egos-test/absent-model');
    expect(message).toMatch(/absent-model\/config\.json/);
    expect(message).toMatch(/Keyword search keeps working/);
    expect(missing.loaded).toBe(false);
  });

  it('refuses to embed before load', async () => {
    const unloaded = createInProcessEmbedder({ modelId: model.modelId, localModelPath: model.root, allowRemoteModels: false });
    await expect(unloaded.embed(['cat'], 'query')).rejects.toMatchObject({ code: 'not-loaded' });
  });

  it('cancels a load at once when aborted, and a later load still succeeds', async () => {
    const fresh = createInProcessEmbedder({ modelId: model.modelId, localModelPath: model.root, allowRemoteModels: false });
    const aborted = new AbortController();
    aborted.abort();
    await expect(fresh.load(undefined, aborted.signal)).rejects.toMatchObject({ code: 'load-cancelled' });
    const midway = new AbortController();
    const loading = fresh.load(undefined, midway.signal);
    midway.abort();
    await expect(loading).rejects.toMatchObject({ code: 'load-cancelled', message: expect.stringMatching(/load it again/) });
    await fresh.load();
    expect(fresh.dimensions).toBe(model.dimensions);
    await fresh.dispose();
  });

  it('does not count files read from a local folder as cached', async () => {
    await expect(embedder.isCached()).resolves.toBe(false);
  });
});
