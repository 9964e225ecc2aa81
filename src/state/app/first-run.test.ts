import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { fakeEngines, type FakeEngineOptions } from '../../../test/support/fake-engines.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError, StorageError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { LoadOptions } from '../../core/llm-engine.ts';
import type { DeviceCaps } from '../../core/models/device-caps.ts';
import { describeModel } from '../../core/models/model-info.ts';
import { createPersona } from '../../core/persona/index.ts';
import { AppState } from './app-state.svelte.ts';
import type { AppServices } from './services.ts';

const noGpu: DeviceCaps = {
  webgpu: false,
  unavailableReason: 'no-api',
  shaderF16: false,
  maxStorageBufferBindingSize: 0,
  maxBufferSize: 0,
  isFallbackAdapter: false,
  description: '',
};
const gpu: DeviceCaps = { ...noGpu, webgpu: true, unavailableReason: undefined, shaderF16: true, maxStorageBufferBindingSize: 2 ** 31, memoryGB: 8 };

/** An engine whose download the test drives: progress on demand, done on release, stopped by Cancel. */
class DownloadingEngine extends ScriptedEngine {
  #options: LoadOptions | undefined;
  #release: () => void = () => {};
  /** The load has begun (progress can be reported, release ends it). */
  loading = false;
  override async load(modelId: string, options?: LoadOptions): Promise<void> {
    this.#options = options;
    this.loading = true;
    await new Promise<void>((resolve, reject) => {
      this.#release = resolve;
      options?.signal?.addEventListener('abort', () => reject(new EngineError('load-cancelled', msg('text.verbatim', { text: 'cancelled' }))));
    });
    this.loads.push(modelId);
    this.modelId = modelId;
  }
  report(fraction: number): void {
    this.#options?.onProgress?.({ phase: 'download', fraction, text: msg('text.verbatim', { text: `${fraction}` }) });
  }
  release(): void {
    this.#release();
  }
}

async function setUp(
  options: { device?: DeviceCaps; engines?: FakeEngineOptions; seed?: (repo: ReturnType<typeof createMemoryRepository>) => Promise<void> } = {},
) {
  const repo = createMemoryRepository();
  await options.seed?.(repo);
  const clock = { now: 1000 };
  const location = { hash: '#/' };
  const services = {
    repo,
    now: () => clock.now,
    probeWebGpu: async () => options.device ?? noGpu,
    engines: fakeEngines(options.engines),
    loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }),
  } as unknown as AppServices;
  const app = new AppState(services, location);
  await app.init();
  // The engine's start (probe, saved choice) runs in the background of init.
  while (!app.engine.device) await new Promise((r) => setTimeout(r, 1));
  return { app, repo, clock, location };
}

/** Waits until `check` holds (the state's async work settles); fails after a while. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 1));
  expect(check()).toBe(true);
}

describe('first run: who sees it', () => {
  it('shows on a first visit: no personas, no engine ever chosen, never finished', async () => {
    const { app } = await setUp();
    expect(app.welcome).toBe(true);
  });

  it('never shows to returning users: personas stored, an engine chosen, or the first run finished or skipped', async () => {
    const withPersona = await setUp({ seed: (repo) => repo.personas.put(createPersona({ name: 'Ada' }, 'p1' as PersonaId, 1)) });
    expect(withPersona.app.welcome).toBe(false);
    const withEngine = await setUp({ seed: (repo) => repo.settings.set('engine', { kind: 'wllama', modelId: 'Qwen2.5-0.5B-Instruct-Q4_K_M' }) });
    expect(withEngine.app.welcome).toBe(false);
    const done = await setUp({ seed: (repo) => repo.settings.set('firstRunDone', true) });
    expect(done.app.welcome).toBe(false);
  });

  it('Skip marks it done, so the next start shows the persona list; "Getting started" reopens it', async () => {
    const { app, repo, location } = await setUp();
    const firstRun = await app.openFirstRun();
    await firstRun.skip();
    expect(app.welcome).toBe(false);
    expect(await repo.settings.get('firstRunDone')).toBe(true);
    location.hash = '#/data';
    app.reopenWelcome();
    expect(app.welcome).toBe(true);
    expect(location.hash).toBe('#/');
    expect(await app.openFirstRun()).not.toBe(firstRun);
  });

  it('a failed save of "done" is shown and the screen stays', async () => {
    const { app, repo } = await setUp();
    const firstRun = await app.openFirstRun();
    repo.settings.set = () => Promise.reject(new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveSettings') })));
    await firstRun.skip();
    expect(firstRun.error?.key).toBe('storage.error.full');
    expect(app.welcome).toBe(true);
  });
});

describe('first run: Start', () => {
  it('without WebGPU downloads the CPU engine’s model, with size, percent and time left, and Cancel stops it', async () => {
    const engine = new DownloadingEngine([], { id: 'wllama' });
    const { app, clock } = await setUp({ engines: { createWllamaEngine: async () => engine } });
    const firstRun = await app.openFirstRun();
    await firstRun.prepare();
    expect(firstRun.plan).toEqual({ engine: 'wllama', modelId: 'Qwen2.5-0.5B-Instruct-Q4_K_M', name: 'Qwen2.5 0.5B', downloadMB: 491 });
    const starting = firstRun.start();
    await until(() => engine.loading);
    expect(firstRun.download).toMatchObject({ fraction: 0, loadedMB: 0, secondsLeft: null });
    engine.report(0.1);
    expect(firstRun.download).toMatchObject({ fraction: 0.1, loadedMB: 49, secondsLeft: null });
    clock.now += 2000;
    engine.report(0.3);
    expect(firstRun.download).toMatchObject({ fraction: 0.3, loadedMB: 147, secondsLeft: 7 });
    firstRun.cancel();
    await starting;
    expect(app.engine.status).toBe('idle');
    expect(firstRun.download).toBeNull();
    expect(app.welcome).toBe(true);
  });

  it('on a WebGPU device downloads the recommended GPU model and is ready when it loaded', async () => {
    const engine = new DownloadingEngine([], { id: 'webllm' });
    const { app } = await setUp({
      device: gpu,
      engines: {
        listWebLlmModels: async () => [
          describeModel({ model_id: 'Qwen3-0.6B-q4f16_1-MLC', vram_required_MB: 1400 }),
          describeModel({ model_id: 'Qwen3-1.7B-q4f16_1-MLC', vram_required_MB: 2000 }),
        ],
        createWebLlmEngine: async () => engine,
      },
    });
    const firstRun = await app.openFirstRun();
    expect(firstRun.plan).toBeNull();
    await firstRun.prepare();
    expect(firstRun.plan?.modelId).toBe('Qwen3-1.7B-q4f16_1-MLC');
    const starting = firstRun.start();
    await until(() => engine.loading);
    expect(firstRun.download?.model.name).toBe('Qwen3 1.7B');
    engine.release();
    await starting;
    expect(firstRun.modelReady).toBe(true);
    expect(app.engine.engine?.modelId).toBe('Qwen3-1.7B-q4f16_1-MLC');
  });

  it('a failed download leaves the engine’s reason to show and Start to try again', async () => {
    const failing = new ScriptedEngine([], { id: 'wllama' });
    failing.load = () => Promise.reject(new EngineError('model-download-failed', msg('text.verbatim', { text: 'offline' })));
    const { app } = await setUp({ engines: { createWllamaEngine: async () => failing } });
    const firstRun = await app.openFirstRun();
    await firstRun.prepare();
    await firstRun.start();
    expect(app.engine.status).toBe('error');
    expect(app.engine.error).toEqual(msg('text.verbatim', { text: 'offline' }));
    expect(firstRun.download).toBeNull();
  });
});

describe('first run: the character and the chat', () => {
  it('a starter picked during the download opens its chat once the model is ready, marking the first run done', async () => {
    const engine = new DownloadingEngine([], { id: 'wllama' });
    const { app, repo, location } = await setUp({ engines: { createWllamaEngine: async () => engine } });
    const firstRun = await app.openFirstRun();
    await firstRun.prepare();
    const starting = firstRun.start();
    await until(() => engine.loading);
    await firstRun.pickStarter('Edwin Hale');
    expect(app.personas.list.map((p) => p.name)).toEqual(['Edwin Hale']);
    const edwin = app.personas.list[0]!;
    expect(firstRun.persona?.id).toBe(edwin.id);
    expect(firstRun.isPicked(edwin.id)).toBe(true);
    expect(firstRun.readyToOpen).toBe(false);
    engine.release();
    await starting;
    expect(firstRun.readyToOpen).toBe(true);
    await firstRun.open();
    expect(await repo.settings.get('firstRunDone')).toBe(true);
    expect(app.welcome).toBe(false);
    // The app does not know the user's name yet: the persona page asks, then the chat starts with the greeting.
    expect(location.hash).toBe(`#/persona/${edwin.id}`);
    expect(app.users.asking).toBe(true);
    expect(await app.saveUserName('Tom')).toBeNull();
    const match = /^#\/persona\/[^/]+\/chat\/(.+)$/.exec(location.hash);
    expect(match).not.toBeNull();
    const messages = await repo.messages.listByChat(match![1] as never);
    expect(messages.map((m) => m.text)).toEqual([edwin.greeting]);
  });

  it('a name typed on the screen is what the characters call the user: the chat opens with the greeting without asking', async () => {
    const engine = new DownloadingEngine([], { id: 'wllama' });
    const { app, repo, location } = await setUp({ engines: { createWllamaEngine: async () => engine } });
    const firstRun = await app.openFirstRun();
    await firstRun.prepare();
    const starting = firstRun.start();
    await until(() => engine.loading);
    await firstRun.pickStarter('Edwin Hale');
    firstRun.userName = '  Tom ';
    engine.release();
    await starting;
    await firstRun.open();
    expect(firstRun.error).toBeNull();
    expect(app.users.asking).toBe(false);
    const edwin = app.personas.list[0]!;
    expect(app.users.nameFor(edwin)).toBe('Tom');
    const match = /^#\/persona\/[^/]+\/chat\/(.+)$/.exec(location.hash);
    expect(match).not.toBeNull();
    expect((await repo.messages.listByChat(match![1] as never)).map((m) => m.text)).toEqual([edwin.greeting]);
  });

  it('the user’s own server counts as the model', async () => {
    const { app, location } = await setUp();
    const firstRun = await app.openFirstRun();
    await app.users.saveFirstName('Tom');
    await app.engine.connectEndpoint({ baseUrl: 'http://localhost:11434/v1', apiKey: '', model: 'qwen2.5:3b' });
    expect(firstRun.modelReady).toBe(true);
    await firstRun.pickStarter('柳三更');
    expect(firstRun.readyToOpen).toBe(true);
    await firstRun.open();
    expect(location.hash).toMatch(/^#\/persona\/[^/]+\/chat\/.+$/);
  });

  it('a persona imported or written while the screen is open counts as picked; older ones do not', async () => {
    const { app, clock } = await setUp({ seed: (repo) => repo.settings.set('firstRunDone', true) });
    await app.personas.create({ name: 'Older' });
    clock.now += 10;
    app.reopenWelcome();
    const firstRun = await app.openFirstRun();
    expect(firstRun.persona).toBeNull();
    clock.now += 10;
    await app.personas.create({ name: 'Written here' });
    expect(firstRun.persona?.name).toBe('Written here');
  });

  it('a failed starter add is shown and nothing is picked', async () => {
    const { app } = await setUp();
    const firstRun = await app.openFirstRun();
    app.personas.add = () => Promise.reject(new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveBook') })));
    await firstRun.pickStarter('Edwin Hale');
    expect(firstRun.error?.key).toBe('storage.error.full');
    expect(firstRun.persona).toBeNull();
    expect(firstRun.adding).toBeNull();
  });
});
