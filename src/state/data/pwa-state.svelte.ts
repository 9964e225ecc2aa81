import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';

/** What the page hears from the service worker. */
export interface ServiceWorkerEvents {
  needRefresh(): void;
  offlineReady(): void;
  error(error: unknown): void;
}

/** Registers the service worker (src/adapters/pwa/register-sw.ts in the built app). */
export interface ServiceWorkerPort {
  register(events: ServiceWorkerEvents): { applyUpdate(): Promise<void> };
}

/** The installed app: "update available — reload" and "ready to work offline". */
export class PwaState {
  /** A new version is waiting; reloading switches to it. */
  needRefresh = $state(false);
  /** The app shell was cached for the first time: the app now starts offline. */
  offlineReady = $state(false);
  updating = $state(false);
  /** What the user is told about the last failure. */
  error = $state.raw<Message | null>(null);
  readonly #port: ServiceWorkerPort | null;
  #control: { applyUpdate(): Promise<void> } | null = null;

  constructor(port: ServiceWorkerPort | null) {
    this.#port = port;
  }

  /** Registers the service worker once (no-op without one, e.g. on the dev server). */
  start(): void {
    if (!this.#port || this.#control) return;
    this.#control = this.#port.register({
      needRefresh: () => (this.needRefresh = true),
      offlineReady: () => (this.offlineReady = true),
      error: (error) => {
        console.warn('Service worker', error);
        this.error = msg('pwa.error.noServiceWorker');
      },
    });
  }

  /** Switches to the waiting version; the page reloads once it takes control. */
  async update(): Promise<void> {
    if (!this.#control) return;
    this.updating = true;
    try {
      await this.#control.applyUpdate();
    } catch (error) {
      this.updating = false;
      this.error = errorMessage(error);
    }
  }

  /** Hides the prompts until the next event (the waiting version stays until the next start). */
  dismiss(): void {
    this.needRefresh = false;
    this.offlineReady = false;
  }
}
