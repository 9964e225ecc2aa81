import { endpointTimeouts } from '../../core/endpoint-config.ts';
import { msg } from '../../core/i18n/message.ts';
import { DEFAULT_CONTEXT_WINDOW, loadOnFirstUse, type EngineProvider } from '../../core/models/engine-provider.ts';
import { isLocalUrl } from './is-local-url.ts';

/**
 * The user's own OpenAI-compatible server (Ollama, llama.cpp server, vLLM, LM Studio). Nothing is
 * downloaded; a saved server is connected again at start. The engine's code loads on first use.
 */
export function openAiProvider(): EngineProvider<'openai'> {
  return {
    kind: 'openai',
    atStart: 'connect',
    async create({ endpoint }) {
      const { OpenAiEngine } = await loadOnFirstUse(() => import('./openai-engine.ts'));
      return new OpenAiEngine({
        baseUrl: endpoint.baseUrl,
        apiKey: endpoint.apiKey,
        rawCompletion: endpoint.rawCompletion ?? false,
        ...endpointTimeouts(endpoint),
      });
    },
    modelId: ({ endpoint }) => endpoint.model,
    label: ({ endpoint }) => msg('engine.label.endpoint', { model: endpoint.model, host: hostOf(endpoint.baseUrl) }),
    contextWindow: ({ endpoint }) => endpoint.contextWindow ?? DEFAULT_CONTEXT_WINDOW,
    connectUrls: ({ endpoint }) => [endpoint.baseUrl],
    leavesDevice: ({ endpoint }) => !isLocalUrl(endpoint.baseUrl),
  };
}

/** The host (and port) of a URL, or the text itself when it is not one. */
export function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}
