import { msg } from '../../core/i18n/message.ts';
import { DEFAULT_CONTEXT_WINDOW, loadOnFirstUse, type EngineProvider } from '../../core/models/engine-provider.ts';

/**
 * WebLLM on the GPU (WebGPU): web-llm's own Qwen builds and the user's self-hosted MLC builds.
 * Nothing loads at start (the user presses Load). The library loads on first use.
 */
export function webLlmProvider(): EngineProvider<'webllm'> {
  const models = () => loadOnFirstUse(() => import('./webllm-models.ts'));
  return {
    kind: 'webllm',
    atStart: 'wait',
    async create(_choice, custom) {
      const [{ WebLlmEngine }, { webLlmAppConfig, webLlmThinkingModels }] = await Promise.all([loadOnFirstUse(() => import('./webllm-engine.ts')), models()]);
      return new WebLlmEngine({ appConfig: () => webLlmAppConfig(custom), thinkingModels: webLlmThinkingModels(custom) });
    },
    modelId: ({ modelId }) => modelId ?? '',
    label: ({ modelId }) => msg('engine.label.gpu', { model: modelId ?? '' }),
    contextWindow: ({ modelId }, list) => list.find((m) => m.id === modelId)?.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    connectUrls: () => [],
    leavesDevice: () => false,
    models: {
      list: async (custom) => (await models()).listWebLlmModels(custom),
      isCached: async (modelId, custom) => (await models()).isWebLlmModelCached(modelId, custom),
      remove: async (modelId, custom) => (await models()).deleteWebLlmModel(modelId, custom),
    },
    checkCustom: async (spec) => (await models()).checkCustomModelFiles(spec),
  };
}
