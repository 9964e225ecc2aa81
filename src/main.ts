import { mount } from 'svelte';
import { createDexieBackupStore } from './adapters/dexie/backup-store.ts';
import { createDexieRepository } from './adapters/dexie/dexie-repository.ts';
import { EgosDb } from './adapters/dexie/egos-db.ts';
import { browserCanvasApi, createCanvasThumbnailer } from './adapters/image/canvas-thumbnailer.ts';
import { createBroadcastTabChannel } from './adapters/locks/broadcast-tab-channel.ts';
import { createWebChatLocks } from './adapters/locks/web-chat-locks.ts';
import { openAiProvider } from './adapters/openai/openai-provider.ts';
import { createTransformersEmbedder } from './adapters/transformers/index.ts';
import { installConnectPolicy } from './adapters/pwa/connect-policy.ts';
import { registerServiceWorker } from './adapters/pwa/register-sw.ts';
import { browserSpeech } from './adapters/speech/web-speech.ts';
import { browserStorage } from './adapters/storage/browser-storage.ts';
import { probeWebGpu } from './adapters/webgpu/probe-webgpu.ts';
import { webLlmProvider } from './adapters/webllm/webllm-provider.ts';
import { wllamaProvider } from './adapters/wllama/wllama-provider.ts';
import { loadQwenTokenizer } from './adapters/qwen-tokenizer/index.ts';
import { notifyingRepository } from './core/sync/notifying-repository.ts';
import { AppState } from './state/app/app-state.svelte.ts';
import { savedConnectUrls } from './state/engine/connect-urls.ts';
import type { AppServices } from './state/app/services.ts';
import App from './ui/App.svelte';
import { locale, say } from './ui/i18n/index.ts';
import { applyTheme, theme } from './ui/theme.ts';
import { afterPaint } from './ui/after-paint.ts';
import './ui/app.css';

/** How long after the first screen the service worker registers (see below). */
const SERVICE_WORKER_DELAY_MS = 3000;

const db = new EgosDb();
const canvasApi = browserCanvasApi();
const tabs = createBroadcastTabChannel();
const services: AppServices = {
  repo: notifyingRepository(createDexieRepository(db), (event) => tabs.publish(event)),
  backup: createDexieBackupStore(db),
  chatLocks: createWebChatLocks(),
  tabs,
  loadMarkdownRenderer: async () => (await import('./adapters/markdown/render-markdown.ts')).createMarkdownRenderer(window),
  now: () => Date.now(),
  probeWebGpu: async () => ({ ...(await probeWebGpu()), memoryGB: (navigator as { deviceMemory?: number }).deviceMemory }),
  // One provider per kind of engine; each loads its engine's code on first use.
  engines: { webllm: webLlmProvider(), openai: openAiProvider(), wllama: wllamaProvider() },
  storage: navigator.storage ? browserStorage(navigator.storage) : undefined,
  serviceWorker: import.meta.env.MODE === 'production' ? { register: registerServiceWorker } : undefined,
  createEmbedder: ({ remoteHost }) => createTransformersEmbedder(remoteHost ? { remoteHost } : {}),
  loadTokenCounter: () => loadQwenTokenizer(),
  loadZip: async () => (await import('./adapters/zip/fflate-zip.ts')).fflateZip,
  thumbnailer: canvasApi ? createCanvasThumbnailer(canvasApi) : undefined,
  speech: browserSpeech(),
  storedText: say,
};

const app = new AppState(services, window.location);
const languageShown = locale.follow(navigator.languages);
locale.restore(services.repo.settings).catch((error: unknown) => app.notices.error(error));
const themeShown = theme.restore(services.repo.settings).then(
  () => applyTheme(document, theme.choice),
  (error: unknown) => app.notices.error(error),
);
window.addEventListener('hashchange', () => app.router.sync(window.location.hash));
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
// A Chinese browser waits for the Chinese texts (a small cached chunk) so the first screen is not English.
await languageShown.catch((error: unknown) => app.notices.error(error));
// A saved light or dark theme shows before the first screen (waiting at most a moment for the database).
await Promise.race([themeShown, new Promise((resolve) => setTimeout(resolve, 300))]);
mount(App, { target, props: { app } });
// The service worker registers a moment after the first screen is shown: installing it downloads the
// whole app for offline use, which would otherwise compete with the screen's own code on a slow network.
void allowConnections()
  .then(() => app.init())
  .then(() => afterPaint())
  .then(() => new Promise((resolve) => setTimeout(resolve, SERVICE_WORKER_DELAY_MS)))
  .then(() => app.pwa.start());

/**
 * Built app: before the first request, adds the connect-src policy (this site, the model hosts,
 * the saved endpoint and self-hosted models) to the static CSP of index.html. See README, "Security".
 */
async function allowConnections(): Promise<void> {
  if (import.meta.env.MODE !== 'production') return;
  const urls = await savedConnectUrls(services.repo.settings, services.engines).catch((error: unknown) => {
    console.warn('Could not read the saved endpoint; only the model hosts are allowed', error);
    return [];
  });
  const policy = installConnectPolicy(document, window.location.origin, urls);
  services.connectPolicy = { allows: (url) => policy.allows(url), reload: () => window.location.reload() };
}
