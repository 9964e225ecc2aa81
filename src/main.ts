import { mount } from 'svelte';
import { createDexieBackupStore } from './adapters/dexie/backup-store.ts';
import { createDexieRepository } from './adapters/dexie/dexie-repository.ts';
import { EgosDb } from './adapters/dexie/egos-db.ts';
import { createBroadcastTabChannel } from './adapters/locks/broadcast-tab-channel.ts';
import { createWebChatLocks } from './adapters/locks/web-chat-locks.ts';
// The engine itself loads on first use (below); this check is small.
import { isLocalUrl } from './adapters/openai/is-local-url.ts';
import { createTransformersEmbedder } from './adapters/transformers/index.ts';
import { installConnectPolicy } from './adapters/pwa/connect-policy.ts';
import { registerServiceWorker } from './adapters/pwa/register-sw.ts';
import { browserStorage } from './adapters/storage/browser-storage.ts';
import { probeWebGpu } from './adapters/webgpu/probe-webgpu.ts';
import { loadQwenTokenizer } from './adapters/qwen-tokenizer/index.ts';
import { endpointTimeouts } from './core/endpoint-config.ts';
import { EngineError } from './core/errors/index.ts';
import { notifyingRepository } from './core/sync/notifying-repository.ts';
import { AppState } from './state/app/app-state.svelte.ts';
import { savedConnectUrls } from './state/engine/connect-urls.ts';
import type { AppServices } from './state/app/services.ts';
import App from './ui/App.svelte';
import { locale } from './ui/i18n/index.ts';
import { setUiLanguageSource } from './state/app/ui-language.ts';
import './ui/app.css';

const db = new EgosDb();
const tabs = createBroadcastTabChannel();
const services: AppServices = {
  repo: notifyingRepository(createDexieRepository(db), (event) => tabs.publish(event)),
  backup: createDexieBackupStore(db),
  chatLocks: createWebChatLocks(),
  tabs,
  loadMarkdownRenderer: async () => (await import('./adapters/markdown/render-markdown.ts')).createMarkdownRenderer(window),
  now: () => Date.now(),
  probeWebGpu: async () => ({ ...(await probeWebGpu()), memoryGB: (navigator as { deviceMemory?: number }).deviceMemory }),
  createWebLlmEngine: async (custom = []) => {
    const [{ WebLlmEngine }, { webLlmAppConfig, webLlmThinkingModels }] = await Promise.all([
      lazy(() => import('./adapters/webllm/webllm-engine.ts')),
      webLlmModels(),
    ]);
    return new WebLlmEngine({ appConfig: () => webLlmAppConfig(custom), thinkingModels: webLlmThinkingModels(custom) });
  },
  createEndpointEngine: async (config) =>
    new (await lazy(() => import('./adapters/openai/openai-engine.ts'))).OpenAiEngine({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      rawCompletion: config.rawCompletion ?? false,
      ...endpointTimeouts(config),
    }),
  listWebLlmModels: async (custom) => (await webLlmModels()).listWebLlmModels(custom),
  isWebLlmModelCached: async (id, custom) => (await webLlmModels()).isWebLlmModelCached(id, custom),
  deleteWebLlmModel: async (id, custom) => (await webLlmModels()).deleteWebLlmModel(id, custom),
  checkCustomWebLlmModel: async (spec) => (await webLlmModels()).checkCustomModelFiles(spec),
  createWllamaEngine: async () => new (await lazy(() => import('./adapters/wllama/wllama-engine.ts'))).WllamaEngine(),
  isCpuModelCached: async (id) => (await cpuModels()).isCpuModelCached(id),
  deleteCpuModel: async (id) => (await cpuModels()).deleteCpuModel(id),
  storage: navigator.storage ? browserStorage(navigator.storage) : undefined,
  serviceWorker: import.meta.env.MODE === 'production' ? { register: registerServiceWorker } : undefined,
  createEmbedder: ({ remoteHost }) => createTransformersEmbedder(remoteHost ? { remoteHost } : {}),
  loadTokenCounter: () => loadQwenTokenizer(),
  isLocalUrl,
};

const app = new AppState(services, window.location);
setUiLanguageSource(() => locale.lang);
const languageShown = locale.follow(navigator.languages);
locale.restore(services.repo.settings).catch((error: unknown) => app.notices.error(error));
window.addEventListener('hashchange', () => app.router.sync(window.location.hash));
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
// A Chinese browser waits for the Chinese texts (a small cached chunk) so the first screen is not English.
await languageShown.catch((error: unknown) => app.notices.error(error));
mount(App, { target, props: { app } });
app.pwa.start();
void allowConnections().then(() => app.init());

/**
 * Built app: before the first request, adds the connect-src policy (this site, the model hosts,
 * the saved endpoint and self-hosted models) to the static CSP of index.html. See README, "Security".
 */
async function allowConnections(): Promise<void> {
  if (import.meta.env.MODE !== 'production') return;
  const urls = await savedConnectUrls(services.repo.settings).catch((error: unknown) => {
    console.warn('Could not read the saved endpoint; only the model hosts are allowed', error);
    return [];
  });
  const policy = installConnectPolicy(document, window.location.origin, urls);
  services.connectPolicy = { allows: (url) => policy.allows(url), reload: () => window.location.reload() };
}

/** The WebLLM model list and cache, loaded on first use. */
function webLlmModels() {
  return lazy(() => import('./adapters/webllm/webllm-models.ts'));
}

/** The CPU engine's model cache, loaded on first use. */
function cpuModels() {
  return lazy(() => import('./adapters/wllama/wllama-models.ts'));
}

/** An engine module loaded on first use; a failed load (offline before first use) says what to do. */
async function lazy<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new EngineError(
      'engine-failed',
      'This part of EGOS could not be loaded. If you are offline and have not used it before, reconnect and reload the page, then try again.',
      { cause: error, zh: 'EGOS 的这一部分无法加载。如果你处于离线状态且之前没有用过它，请联网并重新加载页面，然后再试。' },
    );
  }
}
