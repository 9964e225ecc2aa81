import { checkDownloadFits, type DownloadFit, type StorageEstimate } from '../../core/models/storage-fit.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import type { Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import { Settings } from '../app/settings.ts';

/** The browser's storage manager as the state needs it; null answers mean "cannot tell". */
export interface StoragePort {
  estimate(): Promise<StorageEstimate | null>;
  persisted(): Promise<boolean | null>;
  persist(): Promise<boolean | null>;
}

/**
 * Storage used and available, and persistent storage. The app asks for persistence once, at
 * the first chat or model download (the moment there is something worth keeping, and inside
 * the click, where Firefox can show its prompt); afterwards only the user asks again.
 */
export class StorageState {
  estimate = $state.raw<StorageEstimate | null>(null);
  /** true: the browser will not evict this site's data; false: it may; null: unknown. */
  persisted = $state<boolean | null>(null);
  /** The last request for persistence was refused. */
  denied = $state(false);
  /** What the user is told about the last failure. */
  error = $state.raw<Message | null>(null);
  readonly #port: StoragePort | null;
  readonly #settings: SettingsRepository;
  readonly #now: () => number;
  #asked: boolean | null = null;

  constructor(port: StoragePort | null, settings: SettingsRepository, now: () => number) {
    this.#port = port;
    this.#settings = settings;
    this.#now = now;
  }

  /** False in browsers without a StorageManager. */
  get supported(): boolean {
    return this.#port !== null;
  }

  /** Reads usage, quota and persistence. */
  async refresh(): Promise<void> {
    if (!this.#port) return;
    try {
      const [estimate, persisted, asked] = await Promise.all([this.#port.estimate(), this.#port.persisted(), this.#wasAsked()]);
      this.estimate = estimate;
      this.persisted = persisted;
      this.#asked = asked;
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Asks the browser to keep this site's data; true when it agreed. */
  async request(): Promise<boolean | null> {
    if (!this.#port) return null;
    try {
      const granted = await this.#port.persist();
      this.persisted = granted;
      this.denied = granted === false;
      await this.refresh();
      return granted;
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    }
  }

  /**
   * Asks for persistence the first time there is something worth keeping (first chat, first
   * model download); does nothing when already persisted or asked before. Call it from the
   * click handler. Never throws (a failure is shown in `error`).
   */
  async requestOnce(): Promise<void> {
    if (!this.#port || this.persisted === true) return;
    try {
      if (this.#asked === null) this.#asked = await this.#wasAsked();
      if (this.#asked) return;
      this.#asked = true;
      const granted = this.#port.persist();
      await new Settings(this.#settings).set('persistAskedAt', this.#now());
      const result = await granted;
      this.persisted = result;
      this.denied = result === false;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #wasAsked(): Promise<boolean> {
    return (await new Settings(this.#settings).get('persistAskedAt')) !== undefined;
  }

  /** Whether a download of `bytes` fits in the free quota (null fits: unknown). */
  downloadFit(bytes: number): DownloadFit {
    return checkDownloadFits(bytes, this.estimate);
  }
}
