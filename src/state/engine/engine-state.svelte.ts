import type { EndpointConfig, EngineChoice } from '../../core/endpoint-config.ts';
import type { LlmEngine, LoadProgress } from '../../core/llm-engine.ts';
import type { DeviceCaps } from '../../core/models/device-caps.ts';
import { assessModel, type ModelFit } from '../../core/models/model-fit.ts';
import type { ModelInfo } from '../../core/models/model-info.ts';
import { CPU_CONTEXT_WINDOW, CPU_MODELS, fileNameOf, findCpuModel } from '../../core/models/cpu-models.ts';
import { guardEngine } from '../../core/models/engine-guard.ts';
import { recommendModel, smallerModel } from '../../core/models/recommend.ts';
import { Settings } from '../app/settings.ts';
import { parseCustomModelInput, type CustomModelInput, type CustomModelSpec } from '../../core/models/custom-model.ts';
import { errorText } from '../app/error-text.ts';
import type { AppServices } from '../app/services.ts';
import { inUiLanguage } from '../app/ui-language.ts';

/** Waits between tries to reach the saved server while it is down: the last one repeats. */
export const RECONNECT_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000] as const;
/** Failures that a server coming up (or back) can cure; others (a wrong key, a missing model) need the user. */
const RECONNECTABLE = new Set(['connection-refused', 'timeout', 'http-error', 'engine-failed']);
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
  /** The GPU failed while generating (device lost, out of memory): what happened and the smaller model to offer. */
  failure = $state.raw<{ modelId: string; message: string; smallerId: string | null } | null>(null);
  /** Which CPU models (catalogue ids and the chosen GGUF URL) are completely downloaded. */
  cpuCached = $state.raw<Record<string, boolean>>({});
  /** The saved server did not answer at start: which host, how many tries so far, and the wait before the next. */
  reconnect = $state.raw<{ host: string; attempt: number; delayMs: number } | null>(null);
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #services: AppServices;
  #settings: Settings;
  #loadController: AbortController | null = null;
  /** Counts model-list refreshes so that a slower, older one never overwrites a newer one. */
  #modelsCall = 0;

  /** Self-hosted WebLLM models the user added (persisted). */
  customModels = $state.raw<CustomModelSpec[]>([]);
  /** User-facing text of the last failed add of a self-hosted model. */
  customError = $state<string | null>(null);

  constructor(services: AppServices) {
    this.#services = services;
    this.#settings = new Settings(services.repo.settings);
  }

  /** Label of what is loaded, e.g. "Qwen3-1.7B-q4f32_1-MLC" or "llama3 @ localhost:11434". */
  readonly label = $derived.by(() => {
    if (this.status !== 'ready' || !this.choice) return null;
    if (this.choice.kind === 'openai') return `${this.choice.endpoint.model} @ ${hostOf(this.choice.endpoint.baseUrl)}`;
    if (this.choice.kind === 'wllama')
      return `${findCpuModel(this.choice.modelId)?.id ?? fileNameOf(this.choice.modelId)}${inUiLanguage({ en: ' (CPU)', zh: '（CPU）' })}`;
    return this.choice.modelId;
  });

  /** The default model for this device: the largest Qwen that comfortably fits. */
  readonly recommended = $derived.by(() => (this.device ? recommendModel(this.models, this.device) : null));

  /** Context window of the ready model, in tokens (4096 when the server does not say). */
  get contextWindow(): number {
    const choice = this.choice;
    if (choice?.kind === 'openai') return choice.endpoint.contextWindow ?? DEFAULT_CONTEXT_WINDOW;
    if (choice?.kind === 'wllama') return findCpuModel(choice.modelId)?.contextWindow ?? CPU_CONTEXT_WINDOW;
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
    const [choice, device] = await Promise.all([this.#settings.get('engine'), this.#services.probeWebGpu(), this.#loadCustomModels()]);
    this.device = device;
    this.choice = choice ?? null;
    if (choice?.kind === 'openai') await this.#connectSaved(choice.endpoint, 0);
    for (const spec of this.customModels.filter((c) => !c.checked)) await this.#checkCustomModel(spec);
    if (choice?.kind === 'wllama') await this.#restoreCpu(choice.modelId);
  }

  /** Checks which CPU models (the catalogue, plus the chosen GGUF URL) are downloaded. */
  async refreshCpuModels(): Promise<void> {
    const chosen = this.choice?.kind === 'wllama' ? [this.choice.modelId] : [];
    const ids = [...new Set([...CPU_MODEL_IDS, ...chosen])];
    const cached = await Promise.all(ids.map((id) => this.#services.isCpuModelCached(id).catch(cacheUnknown)));
    this.cpuCached = Object.fromEntries(ids.map((id, i) => [id, cached[i] ?? false]));
  }

  /**
   * Downloads (unless cached) and loads a CPU model, with progress; Cancel stops it. `modelId`
   * is a catalogue id or a GGUF URL; a URL on a host the page policy does not allow yet saves
   * the choice and reloads, and the download continues after the reload.
   */
  async loadCpu(modelId: string): Promise<void> {
    this.failure = null;
    const choice: EngineChoice = { kind: 'wllama', modelId };
    const settings = this.#settings;
    await settings.set('cpuResume', modelId);
    if (await this.#reloadToAllow([findCpuModel(modelId)?.url ?? modelId], choice)) return;
    await settings.set('cpuResume', null);
    await this.#load(choice, () => this.#services.createWllamaEngine(), modelId);
  }

  /** Deletes a CPU model's downloaded (possibly partial) files; unloads it first when it is in use. */
  async deleteCpuCached(modelId: string): Promise<void> {
    try {
      if (this.choice?.kind === 'wllama' && this.choice.modelId === modelId && this.engine) await this.unload();
      await this.#services.deleteCpuModel(modelId);
      this.error = null;
      this.errorCode = null;
      await this.refreshCpuModels();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /**
   * At start: loads the chosen CPU model again when it is in the cache, and never downloads
   * on its own, except to finish a download the page reloaded in the middle of.
   */
  async #restoreCpu(modelId: string): Promise<void> {
    const settings = this.#settings;
    const resume = await settings.get('cpuResume');
    if (resume) await settings.set('cpuResume', null);
    const cached = await this.#services.isCpuModelCached(modelId).catch(cacheUnknown);
    if (cached || resume === modelId) await this.#load({ kind: 'wllama', modelId }, () => this.#services.createWllamaEngine(), modelId);
  }

  /** Lists the WebLLM Qwen models with device fit and cache state. */
  async refreshModels(): Promise<void> {
    const device = this.device;
    if (!device) return;
    const call = ++this.#modelsCall;
    try {
      const custom = this.#customSnapshot();
      const infos = await this.#services.listWebLlmModels(custom);
      const cached = await Promise.all(infos.map((m) => this.#services.isWebLlmModelCached(m.id, custom).catch(cacheUnknown)));
      if (call !== this.#modelsCall) return;
      this.models = infos.map((info, i) => ({ info, fit: assessModel(info, device), cached: cached[i] ?? false }));
      this.modelsError = null;
    } catch (error) {
      this.modelsError = errorText(error);
    }
  }

  /** Downloads (if needed) and loads a WebLLM model, with progress; Cancel stops it. */
  async loadWebLlm(modelId: string): Promise<void> {
    this.failure = null;
    const custom = this.#customSnapshot();
    await this.#load({ kind: 'webllm', modelId }, () => this.#services.createWebLlmEngine(custom), modelId);
  }

  /** Connects to the user's OpenAI-compatible endpoint (checks it answers and has the model). */
  async connectEndpoint(endpoint: EndpointConfig): Promise<void> {
    const config = { ...endpoint, baseUrl: endpoint.baseUrl.trim(), model: endpoint.model.trim() };
    if (await this.#reloadToAllow([config.baseUrl], { kind: 'openai', endpoint: config })) return;
    await this.#load({ kind: 'openai', endpoint: config }, () => this.#services.createEndpointEngine(config), config.model);
  }

  /**
   * Connects the saved server; while it does not answer (not started yet, restarting, the
   * network down), tries again after each of {@link RECONNECT_DELAYS_MS} and then every minute,
   * until it answers, fails in a way only the user can fix, or another engine is chosen.
   */
  async #connectSaved(endpoint: EndpointConfig, attempt: number): Promise<void> {
    this.#stopReconnecting();
    await this.connectEndpoint(endpoint);
    const choice = this.choice;
    if (this.status !== 'error' || choice?.kind !== 'openai' || !RECONNECTABLE.has(this.errorCode ?? '')) return;
    const delayMs = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    this.reconnect = { host: hostOf(choice.endpoint.baseUrl), attempt: attempt + 1, delayMs };
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      void this.#connectSaved(choice.endpoint, attempt + 1);
    }, delayMs);
  }

  #stopReconnecting(): void {
    if (this.#reconnectTimer !== null) clearTimeout(this.#reconnectTimer);
    this.#reconnectTimer = null;
    this.reconnect = null;
  }

  /**
   * Adds a self-hosted model after checking its files. When its host is not yet allowed by the
   * page's security policy, the model is saved and the page reloads; the check runs after.
   */
  async addCustomModel(input: CustomModelInput, pageUrl: string): Promise<boolean> {
    this.customError = null;
    try {
      const spec = parseCustomModelInput(input, pageUrl);
      if (this.models.some((m) => m.info.id === spec.id && !m.info.custom)) {
        this.customError = inUiLanguage({
          en: `"${spec.id}" is already in the list. Choose another id for your model.`,
          zh: `“${spec.id}”已在列表中。请给你的模型换一个 ID。`,
        });
        return false;
      }
      await this.#saveCustomModels([...this.customModels.filter((c) => c.id !== spec.id), spec]);
      if (await this.#reloadToAllow([spec.modelUrl, spec.libUrl], null)) return true;
      return await this.#checkCustomModel(spec);
    } catch (error) {
      this.customError = errorText(error);
      return false;
    }
  }

  /** Removes a self-hosted model from the list and deletes its cached files. */
  async removeCustomModel(modelId: string): Promise<void> {
    await this.deleteCached(modelId);
    await this.#saveCustomModels(this.customModels.filter((c) => c.id !== modelId));
    await this.refreshModels();
  }

  async #loadCustomModels(): Promise<void> {
    this.customModels = (await this.#settings.get('customModels')) ?? [];
  }

  /** A plain copy of the self-hosted models, for the engine adapters. */
  #customSnapshot(): CustomModelSpec[] {
    return $state.snapshot(this.customModels);
  }

  async #checkCustomModel(spec: CustomModelSpec): Promise<boolean> {
    try {
      const checked = await this.#services.checkCustomWebLlmModel(spec);
      await this.#saveCustomModels(this.customModels.map((c) => (c.id === spec.id ? checked : c)));
      await this.refreshModels();
      return true;
    } catch (error) {
      const why = errorText(error);
      this.customError = inUiLanguage({ en: `${spec.id} was not added: ${why}`, zh: `未添加 ${spec.id}：${why}` });
      await this.#saveCustomModels(this.customModels.filter((c) => c.id !== spec.id));
      return false;
    }
  }

  async #saveCustomModels(list: CustomModelSpec[]): Promise<void> {
    this.customModels = list;
    await this.#settings.set('customModels', $state.snapshot(list));
  }

  /** Cancels a load in progress. */
  cancel(): void {
    this.#loadController?.abort();
  }

  /** Deletes a model's cached (possibly partial) files, e.g. after a broken download. */
  async deleteCached(modelId: string): Promise<void> {
    try {
      if (this.choice?.kind === 'webllm' && this.choice.modelId === modelId && this.engine) await this.unload();
      await this.#services.deleteWebLlmModel(modelId, this.#customSnapshot());
      this.error = null;
      this.errorCode = null;
      await this.refreshModels();
    } catch (error) {
      this.error = errorText(error);
    }
  }

  /** Deletes a broken or partial download, then downloads and loads the model again. */
  async deleteAndRetry(modelId: string): Promise<void> {
    await this.deleteCached(modelId);
    if (this.error === null) await this.loadWebLlm(modelId);
  }

  /** The next smaller usable model, to offer after the GPU ran out of memory. */
  smallerThan(modelId: string): ModelInfo | null {
    return smallerModel(this.models, modelId);
  }

  /** When the page's connect policy does not allow these URLs yet: saves the choice and reloads. */
  async #reloadToAllow(urls: string[], choice: EngineChoice | null): Promise<boolean> {
    const policy = this.#services.connectPolicy;
    if (!policy || urls.some((u) => !/^https?:\/\//i.test(u)) || urls.every((u) => policy.allows(u))) return false;
    if (choice) await this.#settings.set('engine', $state.snapshot(choice));
    this.status = 'loading';
    policy.reload();
    return true;
  }

  /** The GPU failed mid-generation: unload, say what happened and offer a smaller model. */
  #onFatal(error: unknown): void {
    const modelId = this.engine?.modelId ?? (this.choice?.kind === 'webllm' ? (this.choice.modelId ?? '') : '');
    const message = errorText(error);
    this.unload().catch((e: unknown) => console.warn('Unloading after a GPU failure', e));
    this.status = 'error';
    this.error = message;
    this.errorCode = typeof error === 'object' && error && 'code' in error ? String(error.code) : null;
    this.failure = { modelId, message, smallerId: smallerModel(this.models, modelId)?.id ?? null };
  }

  async unload(): Promise<void> {
    this.#stopReconnecting();
    const engine = this.engine;
    this.engine = null;
    this.status = 'idle';
    await engine?.unload();
  }

  async #load(choice: EngineChoice, create: () => Promise<LlmEngine>, modelId: string): Promise<void> {
    this.cancel();
    this.#stopReconnecting();
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
      await this.#settings.set('engine', $state.snapshot(choice));
      const engine = await create();
      await engine.load(modelId, { signal: controller.signal, onProgress: (p) => (this.progress = p) });
      if (controller.signal.aborted) {
        await engine.unload();
        return;
      }
      this.engine = guardEngine(engine, (e) => this.#onFatal(e));
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
      if (choice.kind === 'wllama') void this.refreshCpuModels();
    }
  }
}

const CPU_MODEL_IDS = CPU_MODELS.map((m) => m.id);

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

function cacheUnknown(error: unknown): boolean {
  console.warn('Could not check the model cache', error);
  return false;
}
