import { describe, expect, it, vi } from 'vitest';
import { FakeEmbedder } from '../../../test/support/fake-embedder.ts';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { english } from '../../core/i18n/message.ts';
import { EmbeddingState, type SemanticSettings } from './embedding-state.svelte.ts';

function setup(embedder = new FakeEmbedder(), allows = (_url: string) => true) {
  const repo = createMemoryRepository();
  const hosts: (string | undefined)[] = [];
  const state = new EmbeddingState({
    repo,
    createEmbedder: ({ remoteHost }) => {
      hosts.push(remoteHost);
      return embedder;
    },
    connectPolicy: { allows, reload: () => undefined },
  });
  return { repo, state, hosts, embedder };
}

describe('EmbeddingState', () => {
  it('is off by default, and once enabled loads the model with progress, saves the choice and embeds', async () => {
    const { repo, state, hosts, embedder } = setup();
    await state.init();
    expect(state.status).toBe('off');
    expect(state.modelId).toBeUndefined();
    let release!: () => void;
    embedder.gate = new Promise((r) => (release = r));
    const enabling = state.enable(' http://127.0.0.1:9/ ');
    await vi.waitFor(() => expect(state.status).toBe('loading'));
    expect(state.progress && english(state.progress.text)).toBe('Downloading model.onnx');
    release();
    await enabling;
    expect(state.status).toBe('ready');
    expect(state.modelId).toBe('fake/model-a');
    expect(hosts).toEqual(['http://127.0.0.1:9/']);
    expect(await repo.settings.get<SemanticSettings>('semanticSearch')).toEqual({ enabled: true, remoteHost: 'http://127.0.0.1:9/' });
    const vectors = await state.embed(['bees'], 'query');
    expect(vectors?.[0]).toHaveLength(32);
  });

  it('starts loading on init when the saved choice is on', async () => {
    const { repo, state } = setup();
    await repo.settings.set('semanticSearch', { enabled: true });
    await state.init();
    await expect.poll(() => state.status).toBe('ready');
  });

  it('shows a clear error when the model cannot load, and embeds nothing', async () => {
    const embedder = new FakeEmbedder();
    embedder.failWith = new Error('network down');
    const { state } = setup(embedder);
    await state.enable();
    expect(state.status).toBe('error');
    const shown = state.error ? english(state.error) : '';
    expect(shown).toContain('The search model could not be loaded');
    expect(shown).toContain('Keyword search keeps working');
    expect(await state.embed(['x'], 'query')).toBeNull();
  });

  it('Cancel stops the download and turns the setting off', async () => {
    const { repo, state, embedder } = setup();
    embedder.gate = new Promise(() => undefined);
    void state.enable();
    await expect.poll(() => state.status).toBe('loading');
    await state.cancel();
    expect(state.status).toBe('off');
    expect((await repo.settings.get<SemanticSettings>('semanticSearch'))?.enabled).toBe(false);
  });

  it('asks for a reload when the model host is not yet allowed by the connect policy', async () => {
    const { state, embedder } = setup(new FakeEmbedder(), (url) => !url.includes('mirror.example'));
    await state.enable('https://mirror.example/');
    expect(state.needsReload).toBe(true);
    expect(state.status).toBe('off');
    expect(embedder.loads).toBe(0);
  });
});
