import type { ImageThumbnailer } from '../../core/avatar.ts';
import type { ZipCodec } from '../../core/cards/index.ts';
import { english, type Message } from '../../core/i18n/message.ts';
import type { DeviceCaps } from '../../core/models/device-caps.ts';
import type { EngineProviders } from '../../core/models/engine-provider.ts';
import type { Repository } from '../../core/repository.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import type { BackupStore } from '../../core/backup/backup-store.ts';
import type { ChatLocks } from '../../core/sync/chat-locks.ts';
import type { TabChannel } from '../../core/sync/tab-events.ts';
import type { ServiceWorkerPort } from '../data/pwa-state.svelte.ts';
import type { StoragePort } from '../data/storage-state.svelte.ts';
import type { EmbedderFactory } from '../memory/embedding-state.svelte.ts';
import type { Speech } from '../../core/voice.ts';

/** Everything the state layer needs from the outside world; built in src/main.ts. */
export interface AppServices {
  repo: Repository;
  now: () => number;
  probeWebGpu(): Promise<DeviceCaps>;
  /** The engine providers, one per kind (GPU, CPU, the user's server): creating engines, their models and downloads. */
  engines: EngineProviders;
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
  /** Makes avatar thumbnails (the browser's image decoder and a canvas); absent: pictures are refused with a reason, and personas show their initial. */
  thumbnailer?: ImageThumbnailer;
  /** The browser's speech synthesis, for reading replies aloud; absent where the browser has none (the chat and the persona editor say why). */
  speech?: Speech;
  /** Loads the zip library (on first use) for CHARX cards; absent: CHARX files are refused with a reason. */
  loadZip?: () => Promise<ZipCodec>;
  /** Loads the Qwen tokenizer (lazily, once) for exact token counts. */
  loadTokenCounter(): Promise<TokenCounter>;
  /**
   * The sentence of a message to keep in the user's data (a new chat's title, a note in the mood
   * history), in the interface language of the moment; absent: English. The state layer shows
   * nothing itself: it hands messages to the interface, and uses this only for text it stores.
   */
  storedText?: (message: Message) => string;
}

/** The sentence of `message` to keep in the user's data: by {@link AppServices.storedText}, English without it. */
export function storedText(services: Pick<AppServices, 'storedText'>, message: Message): string {
  return (services.storedText ?? english)(message);
}
