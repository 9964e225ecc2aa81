import { msg } from '../../core/i18n/message.ts';
import { CPU_CONTEXT_WINDOW, fileNameOf, findCpuModel } from '../../core/models/cpu-models.ts';
import { loadOnFirstUse, type EngineProvider } from '../../core/models/engine-provider.ts';

/**
 * The CPU engine (llama.cpp in WebAssembly via wllama) for GGUF models from the catalogue or a
 * URL. A saved model loads again at start when it is completely downloaded. Its code loads on first use.
 */
export function wllamaProvider(): EngineProvider<'wllama'> {
  const store = () => loadOnFirstUse(() => import('./wllama-models.ts'));
  return {
    kind: 'wllama',
    atStart: 'load-if-cached',
    async create() {
      const { WllamaEngine } = await loadOnFirstUse(() => import('./wllama-engine.ts'));
      return new WllamaEngine();
    },
    modelId: ({ modelId }) => modelId,
    label: ({ modelId }) => msg('engine.label.cpu', { model: findCpuModel(modelId)?.id ?? fileNameOf(modelId) }),
    contextWindow: ({ modelId }) => findCpuModel(modelId)?.contextWindow ?? CPU_CONTEXT_WINDOW,
    connectUrls: ({ modelId }) => [findCpuModel(modelId)?.url ?? modelId],
    leavesDevice: () => false,
    models: {
      isCached: async (modelId) => (await store()).isCpuModelCached(modelId),
      remove: async (modelId) => (await store()).deleteCpuModel(modelId),
    },
  };
}
