import type { EndpointConfig } from '../../core/endpoint-config.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { CustomModelSpec } from '../../core/models/custom-model.ts';
import type { DeviceCaps } from '../../core/models/device-caps.ts';
import type { ModelInfo } from '../../core/models/model-info.ts';
import type { Repository } from '../../core/repository.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import type { BackupStore } from '../../core/backup/backup-store.ts';
import type { ChatLocks } from '../../core/sync/chat-locks.ts';
import type { TabChannel } from '../../core/sync/tab-events.ts';
import type { ServiceWorkerPort } from '../data/pwa-state.svelte.ts';
import type { StoragePort } from '../data/storage-state.svelte.ts';
import type { EmbedderFactory } from '../memory/embedding-state.svelte.ts';

/** Everything the state layer needs from the outside world; built in src/main.ts. */
export interface AppServices {
  repo: Repository;
  now: () => number;
  probeWebGpu(): Promise<DeviceCaps>;
  /**
   * The engines are created asynchronously: their code loads on first use, not at start-up.
   * `custom`: the user's self-hosted models, added to the engine's model list.
   */
  createWebLlmEngine(custom?: readonly CustomModelSpec[]): Promise<LlmEngine>;
  createEndpointEngine(config: EndpointConfig): Promise<LlmEngine>;
  listWebLlmModels(custom?: readonly CustomModelSpec[]): Promise<ModelInfo[]>;
  isWebLlmModelCached(modelId: string, custom?: readonly CustomModelSpec[]): Promise<boolean>;
  deleteWebLlmModel(modelId: string, custom?: readonly CustomModelSpec[]): Promise<void>;
  /**
   * Checks that a self-hosted model's files are there and reads its config.
   * @throws EngineError naming the missing file and URL.
   */
  checkCustomWebLlmModel(spec: CustomModelSpec): Promise<CustomModelSpec>;
  /** The CPU engine (llama.cpp in WebAssembly via wllama) for GGUF models. */
  createWllamaEngine(): Promise<LlmEngine>;
  /** Whether a CPU model (catalogue id or GGUF URL) is completely downloaded. */
  isCpuModelCached(modelId: string): Promise<boolean>;
  /** Deletes a CPU model's downloaded (possibly partial) files. */
  deleteCpuModel(modelId: string): Promise<void>;
  /** Browser storage quota and persistence; absent where there is no StorageManager (and in tests). */
  storage?: StoragePort;
  /** The service worker (built app only). */
  serviceWorker?: ServiceWorkerPort;
  /** The page's connect-src policy (built app only): a new origin needs a reload to be allowed. */
  connectPolicy?: { allows(url: string): boolean; reload(): void };
  /** Bulk read/write of everything stored, for backup and restore (absent in tests that do not need it). */
  backup?: BackupStore;
  /** Per-chat locks shared by all tabs; absent: locks local to this tab. */
  chatLocks?: ChatLocks;
  /** Change events to and from the app's other tabs; absent: no other tabs are told. */
  tabs?: TabChannel;
  /** Untrusted Markdown to sanitized HTML; absent: text is shown plain. */
  renderMarkdown?: (text: string) => string;
  /** Loads the Markdown sanitizer on demand (kept out of the initial download). */
  loadMarkdownRenderer?: () => Promise<(text: string) => string>;
  /** Builds the semantic-search embedder (transformers.js in a worker); absent: keyword search only. */
  createEmbedder?: EmbedderFactory;
  /** Loads the Qwen tokenizer (lazily, once) for exact token counts. */
  loadTokenCounter(): Promise<TokenCounter>;
  /** True when the URL points at this machine (text then never leaves the device). */
  isLocalUrl(url: string): boolean;
}
