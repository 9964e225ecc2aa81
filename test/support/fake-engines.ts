import type { EndpointConfig } from '../../src/core/endpoint-config.ts';
import type { LlmEngine } from '../../src/core/llm-engine.ts';
import type { CustomModelSpec } from '../../src/core/models/custom-model.ts';
import type { EngineProviders } from '../../src/core/models/engine-provider.ts';
import type { ModelInfo } from '../../src/core/models/model-info.ts';
import { openAiProvider } from '../../src/adapters/openai/openai-provider.ts';
import { webLlmProvider } from '../../src/adapters/webllm/webllm-provider.ts';
import { wllamaProvider } from '../../src/adapters/wllama/wllama-provider.ts';
import { ScriptedEngine } from './scripted-engine.ts';

/** What a test replaces in the engine providers: the engines they build and the model files they keep. */
export interface FakeEngineOptions {
  createWebLlmEngine?: (custom: readonly CustomModelSpec[]) => Promise<LlmEngine>;
  createEndpointEngine?: (endpoint: EndpointConfig) => Promise<LlmEngine>;
  createWllamaEngine?: () => Promise<LlmEngine>;
  listWebLlmModels?: (custom: readonly CustomModelSpec[]) => Promise<ModelInfo[]>;
  isWebLlmModelCached?: (modelId: string, custom: readonly CustomModelSpec[]) => Promise<boolean>;
  deleteWebLlmModel?: (modelId: string, custom: readonly CustomModelSpec[]) => Promise<void>;
  checkCustomWebLlmModel?: (spec: CustomModelSpec) => Promise<CustomModelSpec>;
  isCpuModelCached?: (modelId: string) => Promise<boolean>;
  deleteCpuModel?: (modelId: string) => Promise<void>;
}

/**
 * The app's real engine providers (labels, context windows, start-up behaviour, connect URLs) with
 * the engines and the model files replaced: no engine library is loaded. By default the engines are
 * scripted with no replies, no WebLLM model is listed and nothing is downloaded.
 */
export function fakeEngines(options: FakeEngineOptions = {}): EngineProviders {
  const webllm = webLlmProvider();
  const openai = openAiProvider();
  const wllama = wllamaProvider();
  return {
    webllm: {
      ...webllm,
      create: (_choice, custom) => options.createWebLlmEngine?.(custom) ?? Promise.resolve(new ScriptedEngine([])),
      models: {
        list: (custom) => options.listWebLlmModels?.(custom) ?? Promise.resolve([]),
        isCached: (id, custom) => options.isWebLlmModelCached?.(id, custom) ?? Promise.resolve(false),
        remove: (id, custom) => options.deleteWebLlmModel?.(id, custom) ?? Promise.resolve(),
      },
      checkCustom: (spec) => options.checkCustomWebLlmModel?.(spec) ?? Promise.resolve({ ...spec, checked: true }),
    },
    openai: { ...openai, create: ({ endpoint }) => options.createEndpointEngine?.(endpoint) ?? Promise.resolve(new ScriptedEngine([], { id: 'openai' })) },
    wllama: {
      ...wllama,
      create: () => options.createWllamaEngine?.() ?? Promise.resolve(new ScriptedEngine([], { id: 'wllama' })),
      models: {
        isCached: (id) => options.isCpuModelCached?.(id) ?? Promise.resolve(false),
        remove: (id) => options.deleteCpuModel?.(id) ?? Promise.resolve(),
      },
    },
  };
}
