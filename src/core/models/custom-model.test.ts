import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import {
  customContextWindow,
  customModelRecord,
  customModelThinks,
  describeCustomModel,
  parseCustomModelInput,
  readChatConfig,
  tensorCacheBytes,
  weightsBaseUrl,
} from './custom-model.ts';

const page = 'https://egos.example/app/';
const input = { id: 'my-qwen3-1.7B-q4f16_1-MLC', modelUrl: 'https://models.example/qwen3', libUrl: 'https://models.example/libs/qwen3-1.7b-webgpu.wasm' };

describe('parseCustomModelInput', () => {
  it('accepts absolute https URLs and resolves paths on this site', () => {
    expect(parseCustomModelInput(input, page)).toEqual({ ...input, checked: false, vramMB: undefined });
    const local = parseCustomModelInput({ ...input, modelUrl: '/models/qwen3/', libUrl: 'libs/q.wasm', vramMB: 2100 }, page);
    expect(local.modelUrl).toBe('https://egos.example/models/qwen3/');
    expect(local.libUrl).toBe('https://egos.example/app/libs/q.wasm');
    expect(local.vramMB).toBe(2100);
  });

  it.each([
    [{ ...input, id: '' }, /model id/],
    [{ ...input, id: 'has space' }, /letters, digits/],
    [{ ...input, modelUrl: '' }, /weights URL/],
    [{ ...input, modelUrl: 'ftp://x/y' }, /https/],
    [{ ...input, modelUrl: 'http://models.example/q' }, /served over https/],
    [{ ...input, libUrl: 'https://models.example/lib.js' }, /\.wasm/],
    [{ ...input, vramMB: -3 }, /positive/],
  ])('rejects %j', (bad, message) => {
    expect(() => parseCustomModelInput(bad, page)).toThrow(ValidationError);
    expect(() => parseCustomModelInput(bad, page)).toThrow(message);
  });

  it('allows http for a model server on this machine', () => {
    expect(parseCustomModelInput({ ...input, modelUrl: 'http://localhost:8000/q' }, page).modelUrl).toBe('http://localhost:8000/q');
  });
});

describe('weightsBaseUrl', () => {
  it('appends resolve/main/ like WebLLM unless the URL has a resolve part', () => {
    expect(weightsBaseUrl('https://models.example/qwen3')).toBe('https://models.example/qwen3/resolve/main/');
    expect(weightsBaseUrl('https://huggingface.co/me/q/resolve/v2/')).toBe('https://huggingface.co/me/q/resolve/v2/');
  });
});

describe('model files', () => {
  it('reads the context window, quantization and thinking mode of mlc-chat-config.json', () => {
    expect(readChatConfig({ model_type: 'qwen3', quantization: 'q4f16_1', context_window_size: 8192 })).toEqual({
      contextWindow: 8192,
      quantization: 'q4f16_1',
      thinking: true,
    });
    expect(readChatConfig({ model_type: 'qwen2', context_window_size: 32768 }).thinking).toBe(false);
    expect(readChatConfig({ conv_template: 'qwen2' }).thinking).toBeUndefined();
    expect(() => readChatConfig({ hello: 1 })).toThrow(/MLC chat config/);
    expect(() => readChatConfig([])).toThrow(/JSON object/);
  });

  it('sums the shard sizes of tensor-cache.json', () => {
    expect(tensorCacheBytes({ records: [{ nbytes: 100 }, { nbytes: 250 }, { other: 1 }] })).toBe(350);
    expect(() => tensorCacheBytes({ records: [] })).toThrow(/no weight files/);
  });
});

describe('custom model description', () => {
  const spec = { ...parseCustomModelInput(input, page), contextWindow: 8192, quantization: 'q4f16_1', downloadBytes: 980e6, checked: true };

  it("becomes an engine record whose context window is the built-in records' 4096, not the config's 40960", () => {
    const qwen3 = { ...spec, contextWindow: 40960 };
    expect(customModelRecord(qwen3)).toMatchObject({
      model: spec.modelUrl,
      model_id: spec.id,
      model_lib: spec.libUrl,
      overrides: { context_window_size: 4096 },
    });
    expect(customModelRecord({ ...spec, contextWindow: 2048 }).overrides).toEqual({ context_window_size: 2048 });
    expect(customModelRecord({ ...spec, contextWindow: undefined, checked: false }).overrides).toEqual({ context_window_size: 4096 });
    expect(customContextWindow(qwen3)).toBe(4096);
  });

  it('is described with its real download size, the context window the engine gets, and marked custom', () => {
    expect(describeCustomModel(spec)).toMatchObject({ id: spec.id, downloadMB: 980, contextWindow: 4096, needsShaderF16: true, custom: true, billions: 1.7 });
    expect(describeCustomModel({ ...spec, contextWindow: 2048 }).contextWindow).toBe(2048);
    expect(describeCustomModel({ ...spec, id: 'tiny' }).family).toBe('Custom');
  });

  it('has a thinking mode when its config says qwen3, else when its id does', () => {
    expect(customModelThinks({ ...spec, thinking: false })).toBe(false);
    expect(customModelThinks({ ...spec, id: 'my-model', thinking: true })).toBe(true);
    expect(customModelThinks({ ...spec, thinking: undefined })).toBe(true);
    expect(customModelThinks({ ...spec, id: 'my-qwen2.5-1.5b', thinking: undefined })).toBe(false);
  });
});
