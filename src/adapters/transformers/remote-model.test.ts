import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbedderProgress } from '../../core/embedder.ts';
import { english } from '../../core/i18n/message.ts';
import { serveTinyEmbeddingModel, type TinyModelServer } from '../../../test/support/tiny-embedding-model/serve-tiny-embedding-model.ts';
import { TINY_DIMENSIONS } from '../../../test/support/tiny-embedding-model/build-tiny-embedding-model.ts';
import { createInProcessEmbedder } from './in-process-embedder.ts';

/** A localhost URL where nothing listens (the port was free a moment ago). */
async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

let server: TinyModelServer;
let cacheDir: string;

beforeAll(async () => {
  server = await serveTinyEmbeddingModel('egos-test/served-embedder');
  cacheDir = await mkdtemp(join(tmpdir(), 'egos-embedder-cache-'));
});

afterAll(async () => {
  await server.close();
  await rm(cacheDir, { recursive: true, force: true });
});

describe('embedder loading from a self-hosted model server (remoteHost)', () => {
  it('downloads the files in the hub layout with per-file progress, caches them, and embeds', async () => {
    const embedder = createInProcessEmbedder({ modelId: server.modelId, remoteHost: server.url, cacheDir });
    await expect(embedder.isCached()).resolves.toBe(false);
    const progress: EmbedderProgress[] = [];
    await embedder.load((p) => progress.push(p));
    await expect(embedder.isCached()).resolves.toBe(true);
    expect(server.requests).toContain(`/${server.modelId}/resolve/main/onnx/model_quantized.onnx`);
    expect(progress.some((p) => /^Loading onnx\/model_quantized\.onnx \(\d+ of \d+ kB\)$/.test(english(p.text)))).toBe(true);
    expect(progress.at(-1)?.fraction).toBe(1);
    const [v] = await embedder.embed(['剑'], 'query');
    expect(v).toHaveLength(TINY_DIMENSIONS);
    await embedder.clearCache();
    await expect(embedder.isCached()).resolves.toBe(false);
    await embedder.dispose();
  });

  it('a model the server does not have fails as model-not-found, naming the URL', async () => {
    const embedder = createInProcessEmbedder({ modelId: 'egos-test/unknown-model', remoteHost: server.url, remotePathTemplate: '{model}/', cacheDir });
    const error = await embedder.load().catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: 'EngineError',
      code: 'model-not-found',
      message: expect.stringContaining(`${server.url}egos-test/unknown-model/config.json`),
    });
  });

  it('an unreachable server (offline) fails as model-download-failed and says to retry online', async () => {
    const embedder = createInProcessEmbedder({ modelId: 'egos-test/offline-model', remoteHost: await deadUrl(), cacheDir });
    const error = await embedder.load().catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'model-download-failed',
      message: expect.stringMatching(/offline.*Retry when you are online\. Keyword search keeps working meanwhile\./),
    });
  });
});
