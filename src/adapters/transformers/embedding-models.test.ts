import { describe, expect, it } from 'vitest';
import { resolveEmbedderOptions } from './embedder-options.ts';
import { DEFAULT_EMBEDDING_MODEL_ID, profileFor, withPrefix } from './embedding-models.ts';
import { l2Normalize, splitRows } from './vectors.ts';

describe('model profiles', () => {
  it('e5 models get query/passage prefixes, mean pooling and their known width', () => {
    const e5 = profileFor(DEFAULT_EMBEDDING_MODEL_ID);
    expect(e5).toEqual({ queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean', dimensions: 384 });
    expect(withPrefix(['猫', 'cat'], 'query', e5)).toEqual(['query: 猫', 'query: cat']);
    expect(withPrefix(['猫'], 'passage', e5)).toEqual(['passage: 猫']);
  });

  it('bge-small-zh gets the Chinese query instruction, no passage prefix, and CLS pooling', () => {
    const bge = profileFor('Xenova/bge-small-zh-v1.5');
    expect(bge.pooling).toBe('cls');
    expect(bge.dimensions).toBe(512);
    expect(withPrefix(['猫'], 'query', bge)[0]).toMatch(/^为这个句子生成表示以用于检索相关文章：猫$/);
    expect(withPrefix(['猫'], 'passage', bge)).toEqual(['猫']);
  });

  it('unknown models are plain (no prefix, mean pooling, width learnt at load)', () => {
    expect(profileFor('someone/tiny')).toEqual({ queryPrefix: '', passagePrefix: '', pooling: 'mean', dimensions: 0 });
  });
});

describe('resolveEmbedderOptions', () => {
  it('defaults to the quantized e5 model from the hub, cached in the browser', () => {
    expect(resolveEmbedderOptions()).toMatchObject({
      modelId: DEFAULT_EMBEDDING_MODEL_ID,
      dtype: 'q8',
      remoteHost: 'https://huggingface.co/',
      remotePathTemplate: '{model}/resolve/{revision}/',
      localModelPath: null,
      allowRemoteModels: true,
      useBrowserCache: true,
      batchSize: 16,
    });
  });

  it('adds the trailing slash to a mirror host and lets the profile be overridden', () => {
    const o = resolveEmbedderOptions({ modelId: 'Xenova/multilingual-e5-small', remoteHost: 'https://models.example', profile: { pooling: 'cls' } });
    expect(o.remoteHost).toBe('https://models.example/');
    expect(o.profile).toMatchObject({ queryPrefix: 'query: ', pooling: 'cls' });
  });

  it.each([{ modelId: '  ' }, { batchSize: 0 }, { batchSize: 2.5 }])('rejects %o as invalid-config', (bad) => {
    expect(() => resolveEmbedderOptions(bad)).toThrow(expect.objectContaining({ name: 'EngineError', code: 'invalid-config' }));
  });
});

describe('vector helpers', () => {
  it('splits a row-major matrix into independent rows', () => {
    const rows = splitRows(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3);
    expect(rows.map((r) => Array.from(r))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    rows[0]![0] = 9;
    expect(rows[1]![0]).toBe(4);
  });

  it('normalises to unit length and leaves a zero vector alone', () => {
    expect(Array.from(l2Normalize(Float32Array.of(3, 4)))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    expect(Array.from(l2Normalize(Float32Array.of(0, 0)))).toEqual([0, 0]);
  });
});
