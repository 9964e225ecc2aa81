import type { Embedder, EmbedderProgress } from '../../core/embedder.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import { Settings } from '../app/settings.ts';

/** Download size of the default search model, shown before the user turns semantic search on. */
export const SEMANTIC_MODEL_SIZE = '~118 MB';

/** The user's semantic-search choice. */
export interface SemanticSettings {
  enabled: boolean;
  /** Self-hosted model server (same-origin deployments); absent: the Hugging Face hub. */
  remoteHost?: string;
}

/** Builds an embedder; `remoteHost` is a self-hosted model server. */
export type EmbedderFactory = (options: { remoteHost?: string }) => Embedder & { dispose?(): Promise<void> };

/** Where the search model stands. */
export type EmbeddingStatus = 'off' | 'loading' | 'ready' | 'error';

/** What the embedding state needs from the app's services. */
export interface EmbeddingServices {
  repo: { settings: SettingsRepository };
  createEmbedder?: EmbedderFactory;
  connectPolicy?: { allows(url: string): boolean; reload(): void };
}

/**
 * The app-wide semantic-search model: the saved on/off choice, download/load with progress and
 * Cancel, and query/passage embedding for every persona's memory. Keyword search never waits on it.
 */
export class EmbeddingState {
  status = $state<EmbeddingStatus>('off');
  /** The model's download/load progress; null until it reports (shown as "Starting the download…"). */
  progress = $state.raw<EmbedderProgress | null>(null);
  /** What the user is told about the last failure. */
  error = $state.raw<Message | null>(null);
  settings = $state.raw<SemanticSettings>({ enabled: false });
  /** True when the saved model host is not yet allowed by the page's connect policy (reload needed). */
  needsReload = $state(false);
  #services: EmbeddingServices;
  #embedder: ReturnType<EmbedderFactory> | null = null;
  #abort: AbortController | null = null;
  #initialised: Promise<void> | null = null;

  constructor(services: EmbeddingServices) {
    this.#services = services;
  }

  /** False when this app build has no embedder (e.g. tests without one). */
  get available(): boolean {
    return this.#services.createEmbedder !== undefined;
  }

  /** Model id of the loaded embedder; undefined unless ready. */
  get modelId(): string | undefined {
    return this.status === 'ready' ? this.#embedder?.modelId : undefined;
  }

  /** Reads the saved choice once and starts loading when semantic search is on. */
  init(): Promise<void> {
    this.#initialised ??= new Settings(this.#services.repo.settings)
      .get('semanticSearch')
      .then((saved) => {
        if (saved) this.settings = saved;
        if (this.settings.enabled && this.available) void this.#start();
      })
      .catch((error: unknown) => {
        this.error = errorMessage(error);
      });
    return this.#initialised;
  }

  /** Turns semantic search on (saving the choice) and downloads/loads the model. */
  async enable(remoteHost?: string): Promise<void> {
    const host = remoteHost?.trim() || undefined;
    await this.#saveSettings({ enabled: true, remoteHost: host });
    await this.#start();
  }

  /** Turns semantic search off (saving the choice); keyword search goes on alone. */
  async disable(): Promise<void> {
    this.#stop();
    await this.#saveSettings({ ...this.settings, enabled: false });
  }

  /** Stops a download in progress and turns semantic search off. */
  async cancel(): Promise<void> {
    await this.disable();
  }

  /** Vectors of `texts`, or null when the model is not ready or the call failed (the error is shown). */
  async embed(texts: string[], purpose: 'query' | 'passage'): Promise<Float32Array[] | null> {
    const embedder = this.#embedder;
    if (this.status !== 'ready' || !embedder || texts.length === 0) return null;
    try {
      return await embedder.embed(texts, purpose);
    } catch (error) {
      this.error = msg('semantic.error.failed', { why: errorMessage(error) });
      return null;
    }
  }

  async #start(): Promise<void> {
    const factory = this.#services.createEmbedder;
    if (!factory) return;
    const host = this.settings.remoteHost;
    const policy = this.#services.connectPolicy;
    if (host && policy && !policy.allows(host)) {
      this.needsReload = true;
      this.status = 'off';
      return;
    }
    this.#stop();
    const abort = new AbortController();
    this.#abort = abort;
    this.status = 'loading';
    this.error = null;
    this.progress = null;
    try {
      const embedder = factory({ remoteHost: host });
      this.#embedder = embedder;
      await embedder.load((p) => {
        if (!abort.signal.aborted) this.progress = p;
      }, abort.signal);
      if (abort.signal.aborted) return;
      this.status = 'ready';
      this.progress = null;
    } catch (error) {
      if (abort.signal.aborted) return;
      this.status = 'error';
      this.progress = null;
      this.error = loadFailure(error);
    }
  }

  #stop(): void {
    this.#abort?.abort();
    this.#abort = null;
    const old = this.#embedder;
    this.#embedder = null;
    if (old?.dispose) void old.dispose().catch((error: unknown) => console.warn('Could not free the search model', error));
    this.status = 'off';
    this.progress = null;
    this.needsReload = false;
  }

  async #saveSettings(next: SemanticSettings): Promise<void> {
    this.settings = next;
    try {
      await new Settings(this.#services.repo.settings).set('semanticSearch', next);
    } catch (error) {
      this.error = msg('semantic.error.notSaved', { why: errorMessage(error) });
    }
  }
}

function loadFailure(error: unknown): Message {
  const offline = typeof navigator !== 'undefined' && navigator.onLine === false;
  return msg('semantic.error.loadFailed', { why: offline ? msg('semantic.error.offline') : errorMessage(error) });
}

const states = new WeakMap<object, EmbeddingState>();

/** The one embedding state of an app (keyed by its repository), started on first use. */
export function embeddingStateFor(services: EmbeddingServices): EmbeddingState {
  let state = states.get(services.repo);
  if (!state) {
    state = new EmbeddingState(services);
    states.set(services.repo, state);
    void state.init();
  }
  return state;
}
