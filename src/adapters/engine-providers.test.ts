import { describe, expect, it } from 'vitest';
import { EngineError } from '../core/errors/index.ts';
import { english } from '../core/i18n/message.ts';
import { CPU_CONTEXT_WINDOW, CPU_MODELS } from '../core/models/cpu-models.ts';
import { loadOnFirstUse, providerOf, type EngineProviders } from '../core/models/engine-provider.ts';
import type { ModelInfo } from '../core/models/model-info.ts';
import { openAiProvider } from './openai/openai-provider.ts';
import { webLlmProvider } from './webllm/webllm-provider.ts';
import { wllamaProvider } from './wllama/wllama-provider.ts';

const providers: EngineProviders = { webllm: webLlmProvider(), openai: openAiProvider(), wllama: wllamaProvider() };
const endpoint = (baseUrl: string, contextWindow?: number) => ({
  kind: 'openai' as const,
  endpoint: { baseUrl, apiKey: 'k', model: 'llama3', ...(contextWindow ? { contextWindow } : {}) },
});

describe('engine providers', () => {
  it('each is registered under its own kind, and the choice finds it', () => {
    for (const [kind, provider] of Object.entries(providers)) expect(provider.kind).toBe(kind);
    expect(providerOf(providers, { kind: 'wllama', modelId: 'x' })).toBe(providers.wllama);
  });

  it('a server: labelled by model and host, its own window (4096 when unset), leaves the device unless local, reconnected at start', () => {
    const remote = endpoint('https://api.example.com/v1', 32_768);
    expect(english(providers.openai.label(remote))).toBe('llama3 @ api.example.com');
    expect(providers.openai.contextWindow(remote, [])).toBe(32_768);
    expect(providers.openai.contextWindow(endpoint('http://localhost:11434/v1'), [])).toBe(4096);
    expect(providers.openai.leavesDevice(remote)).toBe(true);
    expect(providers.openai.leavesDevice(endpoint('http://127.0.0.1:8080/v1'))).toBe(false);
    expect(providers.openai.connectUrls(remote)).toEqual(['https://api.example.com/v1']);
    expect(providers.openai.modelId(remote)).toBe('llama3');
    expect(providers.openai.atStart).toBe('connect');
    expect(providers.openai.models).toBeUndefined();
  });

  it('the CPU engine: catalogue models by id, a GGUF URL by its file name, reloaded at start only when downloaded', () => {
    const known = CPU_MODELS[0]!;
    expect(english(providers.wllama.label({ kind: 'wllama', modelId: known.id }))).toBe(`${known.id} (CPU)`);
    const url = 'https://example.com/models/tiny-q4.gguf';
    expect(english(providers.wllama.label({ kind: 'wllama', modelId: url }))).toBe('tiny-q4.gguf (CPU)');
    expect(providers.wllama.contextWindow({ kind: 'wllama', modelId: url }, [])).toBe(CPU_CONTEXT_WINDOW);
    expect(providers.wllama.connectUrls({ kind: 'wllama', modelId: known.id })).toEqual([known.url]);
    expect(providers.wllama.connectUrls({ kind: 'wllama', modelId: url })).toEqual([url]);
    expect(providers.wllama.atStart).toBe('load-if-cached');
    expect(providers.wllama.leavesDevice({ kind: 'wllama', modelId: url })).toBe(false);
  });

  it('WebLLM: the window comes from the model list, nothing loads at start, self-hosted models are checked', () => {
    const list = [{ id: 'Qwen3-4B-q4f16_1-MLC', contextWindow: 8192 } as ModelInfo];
    const choice = { kind: 'webllm' as const, modelId: 'Qwen3-4B-q4f16_1-MLC' };
    expect(providers.webllm.contextWindow(choice, list)).toBe(8192);
    expect(providers.webllm.contextWindow({ kind: 'webllm', modelId: 'other' }, list)).toBe(4096);
    expect(english(providers.webllm.label(choice))).toBe('Qwen3-4B-q4f16_1-MLC');
    expect(providers.webllm.atStart).toBe('wait');
    expect(typeof providers.webllm.checkCustom).toBe('function');
    expect(typeof providers.webllm.models?.list).toBe('function');
  });

  it('a part that cannot be loaded (offline before first use) fails with engine-failed and what to do', async () => {
    const error = await loadOnFirstUse(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('engine-failed');
    expect((error as EngineError).message).toMatch(/reconnect and reload the page/);
    expect((error as EngineError).cause).toBeInstanceOf(TypeError);
  });
});
