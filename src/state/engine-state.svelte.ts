import type { EndpointConfig, EngineChoice } from '../core/endpoint-config.ts';
import type { LlmEngine, LoadProgress } from '../core/llm-engine.ts';
import type { DeviceCaps } from '../core/models/device-caps.ts';
import { assessModel, type ModelFit } from '../core/models/model-fit.ts';
import type { ModelInfo } from '../core/models/model-info.ts';
import { errorText } from './error-text.ts';
import type { AppServices } from './services.ts';

const SETTINGS_KEY = 'engine';
/** Window assumed when the engine does not report one (all web-llm Qwen builds use 4096). */
const DEFAULT_CONTEXT_WINDOW = 4096;

/** A model of the picker with whether it fits this device and whether it is cached. */
export interface PickerModel {
  info: ModelInfo;
  fit: ModelFit;
  cached: boolean;
}

/** Engine selection, loading with progress and cancel, and the ready engine. */
export class EngineState {
  /** The chosen engine (persisted). */
  choice = $state<EngineChoice | null>(null);
  device = $state.raw<DeviceCaps | null>(null);
  models = $state.raw<PickerModel[]>([]);
  modelsError = $state<string | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  progress = $state.raw<LoadProgress | null>(null);
  /** User-facing text of the last load failure. */
  error = $state<string | null>(null);
  errorCode = $state<string | null>(null);
  /** The engine that is loaded and ready, if any. */
  engine = $state.raw<LlmEngine | null>(null);
  #services: AppServices;
  #loadController: AbortController | null = null;

  constructor(services: AppServices) {
    this.#services = services;
  }

  /** Label of what is loaded, e.g. "Qwen3-1.7B-q4f32_1-MLC" or "llama3 @ localhost:11434". */
  readonly label = $derived.by(() => {
    if (this.status !== 'ready' || !this.choice) return null;
    if (this.choice.kind === 'openai') return `${this.choice.endpoint.model} @ ${hostOf(this.choice.endpoint.baseUrl)}`;
    return this.choice.modelId;
  });

  /** Context window of the ready model, in tokens (4096 when the server does not say). */
  get contextWindow(): number {
    const choice = this.choice;
    if (choice?.kind === 'openai') return choice.endpoint.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    if (choice?.kind !== 'webllm') return DEFAULT_CONTEXT_WINDOW;
    return this.models.find((m) => m.info.id === choice.modelId)?.info.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
  }

  /** True when the chosen endpoint is on another machine. */
  get leavesDevice(): boolean {
    return this.choice?.kind === 'openai' && !this.#services.isLocalUrl(this.choice.endpoint.baseUrl);
  }

  /** True when the URL is on this machine; for labelling an endpoint before it is saved. */
  isLocal(url: string): boolean {
    return this.#services.isLocalUrl(url);
  }

  /** Reads the saved choice and probes WebGPU; reconnects a saved endpoint (no downloads). */
  async init(): Promise<void> {
    const [choice, device] = await Promise.all([
      this.#services.repo.settings.get<EngineChoice>(SETTINGS_KEY),
      this.#services.probeWebGpu(),
    ]);
    this.device = device;
    this.choice = choice ?? null;
    if (choice?.kind === 'openai') await this.connectEndpoint(choice.endpoint);
  }

  /** Lists the WebLLM Qwen models with device fit and cache state. */
  async refreshModels(): Promise<void> {
    const device = this.device;
    if (!device) return;
    try {
      const infos = await this.#services.listWebLlmModels();
      const cached = await Promise.all(infos.map((m) => this.#services.isWebLlmModelCached(m.id).catch(cacheUnknown)));
      this.models = infos.map((info, i) => ({ info, fit: assessModel(info, device), cached: cached[i] ?? false }));
      this.modelsError = null;
    } catch (error) {
      this.modelsError = errorText(error);
    }
  }

  /** Downloads (if needed) and loads a WebLLM model, with progress; Cancel stops it. */
  async loadWebLlm(modelId: string): Promise<void> {
    await this.#load({ kind: 'webllm', modelId }, () => this.#services.createWebLlmEngine(), modelId);
  }

  /** Connects to the user's OpenAI-compatible endpoint (checks it answers and has the model). */
  async connectEndpoint(endpoint: EndpointConfig): Promise<void> {
    const config = { ...endpoint, baseUrl: endpoint.baseUrl.trim(), model: endpoint.model.trim() };
    await this.#load({ kind: 'openai', endpoint: config }, () => this.#services.createEndpointEngine(config), config.model);
  }

  /** Cancels a load in progress. */
  cancel(): void {
    this.#loadController?.abort();
  }

  /** Deletes a model's cached (possibly partial) files, e.g. after a broken download. */
  async deleteCached(modelId: string): Promise<void> {
    try {
      if (this.choice?.kind === 'webllm' && this.choice.modelId === modelId && this.engine) await this.unload();
      await this.#services.deleteWebLlmModel(modelId);
      this.error = null;
      this.errorCode = null;
      await this.refreshModels();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  async unload(): Promise<void> {
    const engine = this.engine;
    this.engine = null;
    this.status = 'idle';
    await engine?.unload();
  }

  async #load(choice: EngineChoice, create: () => LlmEngine, modelId: string): Promise<void> {
    this.cancel();
    const controller = new AbortController();
    this.#loadController = controller;
    this.choice = choice;
    this.status = 'loading';
    this.error = null;
    this.errorCode = null;
    this.progress = null;
    try {
      const previous = this.engine;
      this.engine = null;
      await previous?.unload();
      await this.#services.repo.settings.set(SETTINGS_KEY, $state.snapshot(choice));
      const engine = create();
      await engine.load(modelId, { signal: controller.signal, onProgress: (p) => (this.progress = p) });
      if (controller.signal.aborted) {
        await engine.unload();
        return;
      }
      this.engine = engine;
      this.status = 'ready';
    } catch (error) {
      if (this.#loadController !== controller) return;
      const code = typeof error === 'object' && error && 'code' in error ? String(error.code) : null;
      if (code === 'load-cancelled') {
        this.status = 'idle';
        return;
      }
      this.status = 'error';
      this.error = errorText(error);
      this.errorCode = code;
    } finally {
      if (this.#loadController === controller) this.#loadController = null;
      if (choice.kind === 'webllm') void this.refreshModels();
    }
  }
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

function cacheUnknown(error: unknown): boolean {
  console.warn('Could not check the model cache', error);
  return false;
}
