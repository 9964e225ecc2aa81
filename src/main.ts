import { mount } from 'svelte';
import { createDexieRepository } from './adapters/dexie/dexie-repository.ts';
import { EgosDb } from './adapters/dexie/egos-db.ts';
import { isLocalUrl, OpenAiEngine } from './adapters/openai/index.ts';
import { probeWebGpu } from './adapters/webgpu/probe-webgpu.ts';
import { loadQwenTokenizer } from './adapters/qwen-tokenizer/index.ts';
import { WebLlmEngine } from './adapters/webllm/webllm-engine.ts';
import { deleteWebLlmModel, isWebLlmModelCached, listWebLlmModels } from './adapters/webllm/webllm-models.ts';
import { AppState } from './state/app-state.svelte.ts';
import type { AppServices } from './state/services.ts';
import App from './ui/App.svelte';
import './ui/app.css';

const db = new EgosDb();
const services: AppServices = {
  repo: createDexieRepository(db),
  now: () => Date.now(),
  probeWebGpu: () => probeWebGpu(),
  createWebLlmEngine: () => new WebLlmEngine(),
  createEndpointEngine: (config) => new OpenAiEngine({ baseUrl: config.baseUrl, apiKey: config.apiKey }),
  listWebLlmModels: () => listWebLlmModels(),
  isWebLlmModelCached: (id) => isWebLlmModelCached(id),
  deleteWebLlmModel: (id) => deleteWebLlmModel(id),
  loadTokenCounter: () => loadQwenTokenizer(),
  isLocalUrl,
};

const app = new AppState(services, window.location);
window.addEventListener('hashchange', () => app.router.sync(window.location.hash));
const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks the #app element');
mount(App, { target, props: { app } });
void app.init();
