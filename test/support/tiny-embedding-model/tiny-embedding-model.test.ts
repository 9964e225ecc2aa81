import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyEmbeddingModel, tinyEmbeddingModelFiles, type TinyEmbeddingModel } from './build-tiny-embedding-model.ts';
import { ProtoWriter } from './protobuf-writer.ts';
import { serveTinyEmbeddingModel } from './serve-tiny-embedding-model.ts';
import { tinyVocabulary } from './tiny-vocabulary.ts';

describe('ProtoWriter', () => {
  it('encodes varints, strings and nested messages as protobuf does', () => {
    expect(Array.from(new ProtoWriter().int(1, 150).finish())).toEqual([0x08, 0x96, 0x01]);
    expect(Array.from(new ProtoWriter().int(2, 300).finish())).toEqual([0x10, 0xac, 0x02]);
    expect(Array.from(new ProtoWriter().string(2, 'hi').finish())).toEqual([0x12, 2, 0x68, 0x69]);
    expect(Array.from(new ProtoWriter().message(3, new ProtoWriter().int(1, 1)).finish())).toEqual([0x1a, 2, 0x08, 0x01]);
    expect(() => new ProtoWriter().int(1, -1)).toThrow(RangeError);
  });
});

describe('tiny embedding model files', () => {
  let model: TinyEmbeddingModel;
  beforeAll(async () => {
    model = await buildTinyEmbeddingModel({ modelId: 'egos-test/tokenizer-check' });
  });
  afterAll(async () => {
    await model.cleanup();
  });

  it('writes the config, tokenizer and both ONNX builds under <root>/<modelId>', async () => {
    const dir = join(model.root, model.modelId);
    expect((await readdir(dir)).sort()).toEqual(['config.json', 'onnx', 'tokenizer.json', 'tokenizer_config.json']);
    expect((await readdir(join(dir, 'onnx'))).sort()).toEqual(['model.onnx', 'model_quantized.onnx']);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { model_type: string; hidden_size: number };
    expect(config).toMatchObject({ model_type: 'bert', hidden_size: model.dimensions });
    const files = tinyEmbeddingModelFiles();
    expect(files.get('onnx/model_quantized.onnx')!.length).toBeLessThan(files.get('onnx/model.onnx')!.length);
  });

  it('tokenizes English word pieces and one token per Chinese character, unknowns as [UNK]', async () => {
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    env.localModelPath = model.root;
    const tokenizer = await AutoTokenizer.from_pretrained(model.modelId);
    const ids = tokenizer.encode('Cats 我想吃饭');
    const vocab = tinyVocabulary().map((t) => t.token);
    expect(ids.map((id) => vocab[id])).toEqual(['[CLS]', 'cat', '##s', '我', '[UNK]', '吃', '饭', '[SEP]']);
  });
});

describe('serveTinyEmbeddingModel', () => {
  it('serves both layouts with CORS, answers the size probe with 206, and 404s the rest', async () => {
    const server = await serveTinyEmbeddingModel('egos-test/served');
    try {
      const hub = await fetch(`${server.url}egos-test/served/resolve/main/config.json`);
      expect(hub.status).toBe(200);
      expect(hub.headers.get('access-control-allow-origin')).toBe('*');
      expect(await hub.json()).toMatchObject({ model_type: 'bert' });
      const flat = await fetch(`${server.url}egos-test/served/onnx/model.onnx`, { headers: { Range: 'bytes=0-0' } });
      expect(flat.status).toBe(206);
      expect(flat.headers.get('content-range')).toBe(`bytes 0-0/${tinyEmbeddingModelFiles().get('onnx/model.onnx')!.length}`);
      await flat.arrayBuffer();
      expect((await fetch(`${server.url}egos-test/other/config.json`)).status).toBe(404);
      expect(server.requests).toHaveLength(3);
    } finally {
      await server.close();
    }
  });
});
