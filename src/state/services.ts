import type { EndpointConfig } from '../core/endpoint-config.ts';
import type { LlmEngine } from '../core/llm-engine.ts';
import type { DeviceCaps } from '../core/models/device-caps.ts';
import type { ModelInfo } from '../core/models/model-info.ts';
import type { Repository } from '../core/repository.ts';
import type { TokenCounter } from '../core/token-counter.ts';

/** Everything the state layer needs from the outside world; built in src/main.ts. */
export interface AppServices {
  repo: Repository;
  now: () => number;
  probeWebGpu(): Promise<DeviceCaps>;
  createWebLlmEngine(): LlmEngine;
  createEndpointEngine(config: EndpointConfig): LlmEngine;
  listWebLlmModels(): Promise<ModelInfo[]>;
  isWebLlmModelCached(modelId: string): Promise<boolean>;
  deleteWebLlmModel(modelId: string): Promise<void>;
  /** Loads the Qwen tokenizer (lazily, once) for exact token counts. */
  loadTokenCounter(): Promise<TokenCounter>;
  /** True when the URL points at this machine (text then never leaves the device). */
  isLocalUrl(url: string): boolean;
}
