import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbedderProgress } from '../../core/embedder.ts';
import { EngineError } from '../../core/errors/index.ts';
import { buildTinyEmbeddingModel, type TinyEmbeddingModel } from '../../../test/support/tiny-embedding-model/build-tiny-embedding-model.ts';
import type { EmbedderRequest, EmbedderResponse, EmbedderWorkerPort } from './embedder-protocol.ts';
import { createEmbedderWorkerHost } from './embedder-worker-host.ts';
import { WorkerEmbedder } from './worker-embedder.ts';

/** What the fake worker saw. */
interface WorkerLog {
  started: number;
  terminated: number;
  requests: EmbedderRequest[];
  fail: (reason: string) => void;
}

/**
 * A "worker" on this thread: the real worker host, with every message structured-cloned and
 * delivered asynchronously as postMessage would, and nothing delivered after terminate().
 */
function inThreadWorkers(log: WorkerLog): () => EmbedderWorkerPort {
  return () => {
    log.started += 1;
    let alive = true;
    let onResponse: (r: EmbedderResponse) => void = () => {};
    const host = createEmbedderWorkerHost((response) => {
      const copy = structuredClone(response);
      setTimeout(() => alive && onResponse(copy), 0);
    });
    return {
      post: (request) => {
        log.requests.push(request);
        const copy = structuredClone(request);
        setTimeout(() => alive && void host(copy), 0);
      },
      onResponse: (handler) => {
        onResponse = handler;
      },
      onFailure: (handler) => {
        log.fail = (reason) => alive && handler(reason);
      },
      terminate: () => {
        alive = false;
        log.terminated += 1;
      },
    };
  };
}

function newLog(): WorkerLog {
  return { started: 0, terminated: 0, requests: [], fail: () => {} };
}

let model: TinyEmbeddingModel;
const local = () => ({ modelId: model.modelId, localModelPath: model.root, allowRemoteModels: false, batchSize: 2 });

beforeAll(async () => {
  model = await buildTinyEmbeddingModel();
});

afterAll(async () => {
  await model.cleanup();
});

describe('WorkerEmbedder (main-thread proxy) with the worker host on the tiny model', () => {
  it('sets the worker up, loads with forwarded progress, and returns normalised vectors', async () => {
    const log = newLog();
    const embedder = new WorkerEmbedder(local(), inThreadWorkers(log));
    const progress: EmbedderProgress[] = [];
    await embedder.load((p) => progress.push(p));
    expect(log.requests[0]).toMatchObject({ op: 'init', options: { modelId: model.modelId, dtype: 'q8', batchSize: 2 } });
    expect(embedder.loaded).toBe(true);
    expect(embedder.dimensions).toBe(model.dimensions);
    expect(progress.at(-1)?.fraction).toBe(1);
    const vectors = await embedder.embed(['猫和狗', 'the dog', 'rice'], 'passage');
    expect(vectors).toHaveLength(3);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 5);
    }
    await embedder.dispose();
    expect(log.terminated).toBe(1);
  });

  it('rebuilds a worker error as the same typed EngineError', async () => {
    const embedder = new WorkerEmbedder({ ...local(), modelId: 'egos-test/not-there' }, inThreadWorkers(newLog()));
    const error: unknown = await embedder.load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect(error).toMatchObject({
      name: 'EngineError',
      code: 'model-not-cached',
      message: expect.stringMatching(/not-there\/config\.json.*Keyword search keeps working/s),
    });
    expect(embedder.loaded).toBe(false);
  });

  it('aborting a load terminates the worker; the next load starts a fresh one', async () => {
    const log = newLog();
    const embedder = new WorkerEmbedder(local(), inThreadWorkers(log));
    const controller = new AbortController();
    const loading = embedder.load(undefined, controller.signal);
    controller.abort();
    await expect(loading).rejects.toMatchObject({ code: 'load-cancelled' });
    expect(log.terminated).toBe(1);
    await embedder.load();
    expect(log.started).toBe(2);
    expect(embedder.loaded).toBe(true);
    await embedder.dispose();
  });

  it('aborting an embedding call rejects it at once and tells the worker to stop', async () => {
    const log = newLog();
    const embedder = new WorkerEmbedder(local(), inThreadWorkers(log));
    await embedder.load();
    const controller = new AbortController();
    const call = embedder.embed(['cat', 'dog', 'rain', 'song'], 'query', controller.signal);
    controller.abort();
    await expect(call).rejects.toMatchObject({ code: 'load-cancelled', message: expect.stringMatching(/Embedding was cancelled/) });
    const embedRequest = log.requests.find((r) => r.op === 'embed');
    expect(log.requests.at(-1)).toEqual({ op: 'cancel', id: expect.any(Number), target: embedRequest?.id });
    await expect(embedder.embed(['cat'], 'query')).resolves.toHaveLength(1);
    await embedder.dispose();
  });

  it('fails waiting calls with engine-failed when the worker crashes', async () => {
    const log = newLog();
    const embedder = new WorkerEmbedder(local(), inThreadWorkers(log));
    const loading = embedder.load();
    log.fail('Uncaught SyntaxError in embedder-worker.js');
    await expect(loading).rejects.toMatchObject({ code: 'engine-failed', message: expect.stringMatching(/SyntaxError.*Reload the page/) });
    expect(embedder.loaded).toBe(false);
    expect(log.terminated).toBe(1);
  });

  it('refuses to embed before load without starting a worker', async () => {
    const log = newLog();
    const embedder = new WorkerEmbedder(local(), inThreadWorkers(log));
    await expect(embedder.embed(['cat'], 'query')).rejects.toMatchObject({ code: 'not-loaded' });
    expect(log.started).toBe(0);
  });

  it('answers isCached through the worker (no browser cache in Node)', async () => {
    const embedder = new WorkerEmbedder(local(), inThreadWorkers(newLog()));
    await expect(embedder.isCached()).resolves.toBe(false);
    await embedder.dispose();
  });

  it('rejects invalid options before any worker starts', () => {
    expect(() => new WorkerEmbedder({ batchSize: 0 }, inThreadWorkers(newLog()))).toThrow(expect.objectContaining({ code: 'invalid-config' }));
  });
});
