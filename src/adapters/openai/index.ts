export { OpenAiEngine, type OpenAiEngineDeps } from './openai-engine.ts';
export { listModels, type ListModelsOptions } from './list-models.ts';
export { isLocalUrl } from './is-local-url.ts';
export {
  resolveConfig,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_STALL_TIMEOUT_MS,
  type OpenAiEngineConfig,
  type ResolvedOpenAiConfig,
} from './openai-config.ts';
export type { FetchLike } from './network-error.ts';
