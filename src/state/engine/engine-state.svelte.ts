import type { EndpointConfig, EngineChoice } from '../../core/endpoint-config.ts';
import { DEFAULT_CONTEXT_WINDOW, providerOf, type EngineKind } from '../../core/models/engine-provider.ts';
import type { LlmEngine, LoadProgress } from '../../core/llm-engine.ts';
import type { DeviceCaps } from '../../core/models/device-caps.ts';
import { assessModel, type ModelFit } from '../../core/models/model-fit.ts';
import type { ModelInfo } from '../../core/models/model-info.ts';
import { CPU_MODELS } from '../../core/models/cpu-models.ts';
import { guardEngine } from '../../core/models/engine-guard.ts';
import { recommendModel, smallerModel } from '../../core/models/recommend.ts';
import { Settings } from '../app/settings.ts';
import { parseCustomModelInput, type CustomModelInput, type CustomModelSpec } from '../../core/models/custom-model.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';

/** Waits between tries to reach the saved server while it is down: the last one repeats. */
export const RECONNECT_DELAYS_MS = [2_000, 5_000, 15_000, 30_000, 60_000] as const;
/** Failures that a server coming up (or back) can cure; others (a wrong key, a missing model) need the user. */
const RECONNECTABLE = new Set(['connection-refused', 'timeout', 'http-error', 'engine-failed']);

/** What the engine state needs from outside: settings, the engine providers, the GPU probe and the page's connect policy. */
export type EngineDeps = Pick<AppServices, 'repo' | 'engines' | 'probeWebGpu' | 'connectPolicy'>;

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
  modelsError = $state.raw<Message | null>(null);
  status = $state<'idle' | 'loading' | 'ready' | 'error'>('idle');
  progress = $state.raw<LoadProgress | null>(null);
  /** What the user is told about the last load failure. */
  error = $state.raw<Message | null>(null);
  errorCode = $state<string | null>(null);
  /** The engine that is loaded and ready, if any. */
  engine = $state.raw<LlmEngine | null>(null);
  /** The GPU failed while generating (device lost, out of memory): what happened and the smaller model to offer. */
  failure = $state.raw<{ modelId: string; message: Message; smallerId: string | null } | null>(null);
  /** Which CPU models (catalogue ids and the chosen GGUF URL) are completely downloaded. */
  cpuCached = $state.raw<Record<string, boolean>>({});
  /** The saved server did not answer at start: which host, how many tries so far, and the wait before the next. */
  reconnect = $state.raw<{ host: string; attempt: number; delayMs: number } | null>(null);
  #reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  #deps: EngineDeps;
  #settings: Settings;
  #loadController: AbortController | null = null;
  /** Counts model-list refreshes so that a slower, older one never overwrites a newer one. */
  #modelsCall = 0;

  /** Self-hosted WebLLM models the user added (persisted). */
  customModels = $state.raw<CustomModelSpec[]>([]);
  /** What the user is told about the last failed add of a self-hosted model. */
  customError = $state.raw<Message | null>(null);

  constructor(deps: EngineDeps) {
    this.#deps = deps;
    this.#settings = new Settings(deps.repo.settings);
  }

  /** Label of what is loaded, e.g. "Qwen3-1.7B-q4f32_1-MLC" or "llama3 @ localhost:11434". */
  readonly label: Message | null = $derived.by(() => {
    const choice = this.choice;
    if (this.status !== 'ready' || !choice) return null;
    const provider = providerOf(this.#deps.engines, choice);
    return provider.modelId(choice) === '' ? null : provider.label(choice);
  });

  /** The default model for this device: the largest Qwen that comfortably fits. */
  readonly recommended = $derived.by(() => (this.device ? recommendModel(this.models, this.device) : null));

  /** Context window of the ready model, in tokens (4096 when nothing says otherwise). */
  get contextWindow(): number {
    const choice = this.choice;
    if (!choice) return DEFAULT_CONTEXT_WINDOW;
    return providerOf(this.#deps.engines, choice).contextWindow(
      choice,
      this.models.map((m) => m.info),
    );
  }

  /** True when the chosen engine sends the conversation to another machine. */
  get leavesDevice(): boolean {
    return this.choice !== null && providerOf(this.#deps.engines, this.choice).leavesDevice(this.choice);
  }

  /** True when the URL is on this machine; for labelling an endpoint before it is saved. */
  isLocal(url: string): boolean {
    return !this.#deps.engines.openai.leavesDevice({ kind: 'openai', endpoint: { baseUrl: url, apiKey: '', model: '' } });
  }

  /**
   * Reads the saved choice and probes WebGPU, then does what the choice's provider says for a
   * start: reconnect a saved server, or reload a model that is completely downloaded (never a download).
   */
  async init(): Promise<void> {
    const [choice, device] = await Promise.all([this.#settings.get('engine'), this.#deps.probeWebGpu(), this.#loadCustomModels()]);
    this.device = device;
    this.choice = choice ?? null;
    const atStart = choice ? providerOf(this.#deps.engines, choice).atStart : 'wait';
    if (choice && atStart === 'connect') await this.#connectSaved(choice, 0);
    for (const spec of this.customModels.filter((c) => !c.checked)) await this.#checkCustomModel(spec);
    if (choice && atStart === 'load-if-cached') await this.#restoreIfCached(choice);
  }

  /** Checks which CPU models (the catalogue, plus the chosen GGUF URL) are downloaded. */
  async refreshCpuModels(): Promise<void> {
    const chosen = this.choice?.kind === 'wllama' ? [this.choice.modelId] : [];
    const ids = [...new Set([...CPU_MODEL_IDS, ...chosen])];
    const store = this.#deps.engines.wllama.models;
    const cached = await Promise.all(ids.map((id) => (store ? store.isCached(id, []).catch(cacheUnknown) : false)));
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
    if (await this.#reloadToAllow(this.#deps.engines.wllama.connectUrls(choice), choice)) return;
    await settings.set('cpuResume', null);
    await this.#load(choice);
  }

  /** Deletes a CPU model's downloaded (possibly partial) files; unloads it first when it is in use. */
  async deleteCpuCached(modelId: string): Promise<void> {
    await this.#deleteFiles('wllama', modelId);
  }

  /**
   * At start: loads the saved model again when it is completely downloaded, and never downloads
   * on its own, except to finish a download the page reloaded in the middle of.
   */
  async #restoreIfCached(choice: EngineChoice): Promise<void> {
    const settings = this.#settings;
    const resume = await settings.get('cpuResume');
    if (resume) await settings.set('cpuResume', null);
    const provider = providerOf(this.#deps.engines, choice);
    const modelId = provider.modelId(choice);
    const cached = provider.models ? await provider.models.isCached(modelId, this.#customSnapshot()).catch(cacheUnknown) : false;
    if (cached || resume === modelId) await this.#load(choice);
  }

  /** Lists the WebLLM Qwen models with device fit and cache state. */
  async refreshModels(): Promise<void> {
    const device = this.device;
    if (!device) return;
    const call = ++this.#modelsCall;
    try {
      const custom = this.#customSnapshot();
      const store = this.#deps.engines.webllm.models;
      const infos = (await store?.list?.(custom)) ?? [];
      const cached = await Promise.all(infos.map((m) => (store ? store.isCached(m.id, custom).catch(cacheUnknown) : false)));
      if (call !== this.#modelsCall) return;
      this.models = infos.map((info, i) => ({ info, fit: assessModel(info, device), cached: cached[i] ?? false }));
      this.modelsError = null;
    } catch (error) {
      this.modelsError = errorMessage(error);
    }
  }

  /** Downloads (if needed) and loads a WebLLM model, with progress; Cancel stops it. */
  async loadWebLlm(modelId: string): Promise<void> {
    this.failure = null;
    await this.#use({ kind: 'webllm', modelId });
  }

  /** Connects to the user's OpenAI-compatible endpoint (checks it answers and has the model). */
  async connectEndpoint(endpoint: EndpointConfig): Promise<void> {
    await this.#use({ kind: 'openai', endpoint: { ...endpoint, baseUrl: endpoint.baseUrl.trim(), model: endpoint.model.trim() } });
  }

  /** Loads a choice of any kind, first reloading the page when its policy does not allow the addresses the choice needs yet. */
  async #use(choice: EngineChoice): Promise<void> {
    const urls = providerOf(this.#deps.engines, choice).connectUrls(choice);
    // Not blocked: the load starts at once (the status says "loading" before this returns).
    if (this.#blocked(urls)) await this.#reloadToAllow(urls, choice);
    else await this.#load(choice);
  }

  /**
   * Connects the saved server; while it does not answer (not started yet, restarting, the
   * network down), tries again after each of {@link RECONNECT_DELAYS_MS} and then every minute,
   * until it answers, fails in a way only the user can fix, or another engine is chosen.
   */
  async #connectSaved(saved: EngineChoice, attempt: number): Promise<void> {
    this.#stopReconnecting();
    await this.#use(saved);
    const choice = this.choice;
    if (this.status !== 'error' || choice?.kind !== saved.kind || !RECONNECTABLE.has(this.errorCode ?? '')) return;
    const delayMs = RECONNECT_DELAYS_MS[Math.min(attempt, RECONNECT_DELAYS_MS.length - 1)]!;
    this.reconnect = { host: hostOf(providerOf(this.#deps.engines, choice).connectUrls(choice)[0] ?? ''), attempt: attempt + 1, delayMs };
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = null;
      void this.#connectSaved(choice, attempt + 1);
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
        this.customError = msg('engine.customModel.duplicate', { id: spec.id });
        return false;
      }
      await this.#saveCustomModels([...this.customModels.filter((c) => c.id !== spec.id), spec]);
      if (await this.#reloadToAllow([spec.modelUrl, spec.libUrl], null)) return true;
      return await this.#checkCustomModel(spec);
    } catch (error) {
      this.customError = errorMessage(error);
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
      const check = this.#deps.engines.webllm.checkCustom;
      const checked = check ? await check(spec) : spec;
      await this.#saveCustomModels(this.customModels.map((c) => (c.id === spec.id ? checked : c)));
      await this.refreshModels();
      return true;
    } catch (error) {
      this.customError = msg('engine.customModel.notAdded', { id: spec.id, why: errorMessage(error) });
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
    await this.#deleteFiles('webllm', modelId);
  }

  /** Deletes a model's downloaded files (unloading it first when it is in use), then reads the cache state again. */
  async #deleteFiles(kind: EngineKind, modelId: string): Promise<void> {
    try {
      const choice = this.choice;
      if (choice?.kind === kind && providerOf(this.#deps.engines, choice).modelId(choice) === modelId && this.engine) await this.unload();
      await this.#deps.engines[kind].models?.remove(modelId, this.#customSnapshot());
      this.error = null;
      this.errorCode = null;
      await this.#refreshStore(kind);
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Reads again the model list and cache state the picker of `kind` shows. */
  #refreshStore(kind: EngineKind): Promise<void> {
    if (kind === 'webllm') return this.refreshModels();
    if (kind === 'wllama') return this.refreshCpuModels();
    return Promise.resolve();
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

  /** True when the page's connect policy does not allow these web addresses yet (a reload must add them). */
  #blocked(urls: readonly string[]): boolean {
    const policy = this.#deps.connectPolicy;
    return policy !== undefined && urls.every((u) => /^https?:\/\//i.test(u)) && !urls.every((u) => policy.allows(u));
  }

  /** When the page's connect policy does not allow these URLs yet: saves the choice and reloads. */
  async #reloadToAllow(urls: string[], choice: EngineChoice | null): Promise<boolean> {
    const policy = this.#deps.connectPolicy;
    if (!policy || !this.#blocked(urls)) return false;
    if (choice) await this.#settings.set('engine', $state.snapshot(choice));
    this.status = 'loading';
    policy.reload();
    return true;
  }

  /** The GPU failed mid-generation: unload, say what happened and offer a smaller model. */
  #onFatal(error: unknown): void {
    const modelId = this.engine?.modelId ?? (this.choice ? providerOf(this.#deps.engines, this.choice).modelId(this.choice) : '');
    const message = errorMessage(error);
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

  /** Loads the choice's model with its provider's engine, with progress; a newer load or Cancel wins. */
  async #load(choice: EngineChoice): Promise<void> {
    const provider = providerOf(this.#deps.engines, choice);
    const modelId = provider.modelId(choice);
    const custom = this.#customSnapshot();
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
      const engine = await provider.create(choice, custom);
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
      this.error = errorMessage(error);
      this.errorCode = code;
    } finally {
      if (this.#loadController === controller) this.#loadController = null;
      void this.#refreshStore(choice.kind);
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
