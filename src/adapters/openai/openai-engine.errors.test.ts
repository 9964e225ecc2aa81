import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../../test/support/openai-fixture-server.ts';
import { EngineError, type EngineErrorCode } from '../../core/errors/index.ts';
import { OpenAiEngine } from './openai-engine.ts';
import { chat, closedPort, collect, rejection, textOf } from './test-helpers.ts';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setScript({});
});

/** Asserts an EngineError with `code`; returns its message. */
function expectEngineError(error: unknown, code: EngineErrorCode): string {
  expect(error).toBeInstanceOf(EngineError);
  expect((error as EngineError).code).toBe(code);
  return (error as EngineError).message;
}

async function loaded(timeouts: { requestTimeoutMs?: number; stallTimeoutMs?: number } = {}): Promise<OpenAiEngine> {
  const engine = new OpenAiEngine({ baseUrl: server.baseUrl, ...timeouts });
  await engine.load('test-model');
  return engine;
}

describe('OpenAiEngine.load errors', () => {
  it('rejects an invalid address or an empty model name before any request', async () => {
    const count = server.requests.length;
    expectEngineError(await rejection(new OpenAiEngine({ baseUrl: 'localhost:11434' }).load('m')), 'invalid-config');
    expectEngineError(await rejection(new OpenAiEngine({ baseUrl: 'not a url' }).load('m')), 'invalid-config');
    expectEngineError(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl }).load('  ')), 'invalid-config');
    expectEngineError(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl, requestTimeoutMs: -1 }).load('m')), 'invalid-config');
    expect(server.requests.length).toBe(count);
  });

  it('names the missing model and lists a few the server has', async () => {
    server.setScript({ models: ['qwen3:4b', 'qwen3:8b', 'llama3:8b', 'a', 'b', 'c', 'd'] });
    const message = expectEngineError(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl }).load('qwen3:14b')), 'model-not-found');
    expect(message).toContain('"qwen3:14b"');
    expect(message).toContain('"qwen3:4b", "qwen3:8b", "llama3:8b", "a", "b" and 2 more');
  });

  it("accepts Ollama's implicit :latest tag", async () => {
    server.setScript({ models: ['qwen3:latest'] });
    const engine = new OpenAiEngine({ baseUrl: server.baseUrl });
    await engine.load('qwen3');
    expect(engine.modelId).toBe('qwen3');
  });

  it('reports a missing or wrong API key as unauthorized, never echoing the key', async () => {
    server.setScript({ apiKey: 'right-key' });
    const missing = expectEngineError(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl }).load('test-model')), 'unauthorized');
    expect(missing).toMatch(/needs an API key/);
    const wrong = await rejection(new OpenAiEngine({ baseUrl: server.baseUrl, apiKey: 'secret-wrong-key' }).load('test-model'));
    expect(expectEngineError(wrong, 'unauthorized')).toMatch(/Check the API key/);
    expect(JSON.stringify({ message: (wrong as Error).message, stack: (wrong as Error).stack })).not.toContain('secret-wrong-key');
  });

  it('reports a refused connection and asks whether the server runs', async () => {
    const port = await closedPort();
    const engine = new OpenAiEngine({ baseUrl: `http://127.0.0.1:${port}/v1` });
    const message = expectEngineError(await rejection(engine.load('m')), 'connection-refused');
    expect(message).toContain(`http://127.0.0.1:${port}/v1`);
    expect(message).toMatch(/Is the server running/);
  });

  it('says when the address is not an OpenAI API (HTML page, 404)', async () => {
    server.setScript({ error: { status: 404, message: '', on: 'models', rawBody: '<h1>Not Found</h1>' } });
    const message = expectEngineError(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl }).load('m')), 'http-error');
    expect(message).toMatch(/no \/models endpoint.*usually ends in \/v1/);
  });

  it('times out when the server accepts but never answers', async () => {
    server.setScript({ headersDelayMs: 2000 });
    const engine = new OpenAiEngine({ baseUrl: server.baseUrl, requestTimeoutMs: 100 });
    expect(expectEngineError(await rejection(engine.load('test-model')), 'timeout')).toMatch(/did not answer within 100 ms/);
  });

  it('cancels a load when its signal aborts', async () => {
    server.setScript({ headersDelayMs: 2000 });
    const controller = new AbortController();
    const pending = new OpenAiEngine({ baseUrl: server.baseUrl }).load('test-model', { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    expectEngineError(await rejection(pending), 'load-cancelled');
  });
});

describe('OpenAiEngine.stream errors', () => {
  it('passes a server error message on, as plain text', async () => {
    const engine = await loaded();
    server.setScript({ error: { status: 500, message: 'CUDA out of memory\n while <b>allocating</b>' } });
    const message = expectEngineError(await rejection(collect(engine.stream(chat()))), 'http-error');
    expect(message).toContain('HTTP 500');
    expect(message).toContain('The server said: "CUDA out of memory while allocating".');
  });

  it('reports a model the server lost since load as model-not-found', async () => {
    const engine = await loaded();
    server.setScript({ models: ['other'] });
    const message = expectEngineError(await rejection(collect(engine.stream(chat()))), 'model-not-found');
    expect(message).toContain('ollama pull test-model');
  });

  it('reports a context-length error as context-overflow', async () => {
    const engine = await loaded();
    server.setScript({ error: { status: 400, message: "This model's maximum context length is 4096 tokens." } });
    expectEngineError(await rejection(collect(engine.stream(chat()))), 'context-overflow');
  });

  it('reports a 401 while streaming as unauthorized', async () => {
    const engine = await loaded();
    server.setScript({ apiKey: 'new-key' });
    expectEngineError(await rejection(collect(engine.stream(chat()))), 'unauthorized');
  });

  it('fails with malformed-stream on a data line that is not JSON, after the good text', async () => {
    const engine = await loaded();
    server.setScript({ tokens: ['ok', 'more'], malformed: { after: 1, data: '{not json' } });
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of engine.stream(chat())) if (event.type === 'delta') seen.push(event.text);
      })(),
    );
    expect(expectEngineError(error, 'malformed-stream')).toContain('{not json');
    expect(seen).toEqual(['ok']);
  });

  it('fails with malformed-stream on a chunk without choices', async () => {
    const engine = await loaded();
    server.setScript({ tokens: ['ok'], malformed: { after: 0, data: '{"id":"x"}' } });
    expect(expectEngineError(await rejection(collect(engine.stream(chat()))), 'malformed-stream')).toMatch(/without "choices"/);
  });

  it('reports a web page answered instead of a stream', async () => {
    const engine = await loaded();
    server.setScript({ error: { status: 200, message: '', rawBody: '<html><body>Open WebUI</body></html>' } });
    expect(expectEngineError(await rejection(collect(engine.stream(chat()))), 'malformed-stream')).toMatch(/web page/);
  });

  it('reports an error object sent inside the stream', async () => {
    const engine = await loaded();
    server.setScript({ tokens: ['ok'], malformed: { after: 1, data: '{"error":{"message":"slot unavailable"}}' } });
    expect(expectEngineError(await rejection(collect(engine.stream(chat()))), 'engine-failed')).toContain('slot unavailable');
  });

  it('reports a reply that ends without finish_reason or [DONE]', async () => {
    const engine = await loaded();
    server.setScript({ tokens: ['a', 'b', 'c'], drop: { after: 2, how: 'end' } });
    expect(expectEngineError(await rejection(collect(engine.stream(chat()))), 'engine-failed')).toMatch(/closed before the reply finished/);
  });

  it('reports a connection reset mid-reply', async () => {
    const engine = await loaded();
    server.setScript({ tokens: ['a', 'b', 'c'], drop: { after: 2, how: 'reset' } });
    expect(expectEngineError(await rejection(collect(engine.stream(chat()))), 'engine-failed')).toMatch(/broke while the reply was arriving/);
  });

  it('times out when the stream stalls, keeping the text already streamed', async () => {
    const engine = await loaded({ stallTimeoutMs: 300 });
    server.setScript({ tokens: ['a', 'b', 'c'], stallAfter: 2 });
    const events: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of engine.stream(chat())) if (event.type === 'delta') events.push(event.text);
      })(),
    );
    expect(expectEngineError(error, 'timeout')).toMatch(/stopped sending for 300 ms/);
    expect(events).toEqual(['a', 'b']);
    await expect.poll(() => server.completions().at(-1)?.clientClosed).toBe(true);
  });

  it('times out a stuck stream even while the server keeps it alive with comments', async () => {
    const engine = await loaded({ stallTimeoutMs: 400 });
    server.setScript({ tokens: ['a', 'b', 'c'], stallAfter: 2, keepAliveMs: 50 });
    const events: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of engine.stream(chat())) if (event.type === 'delta') events.push(event.text);
      })(),
    );
    expect(expectEngineError(error, 'timeout')).toMatch(/stopped sending for 400 ms/);
    expect(events).toEqual(['a', 'b']);
    await expect.poll(() => server.completions().at(-1)?.clientClosed).toBe(true);
  });

  it('times out when the completion request gets no answer', async () => {
    const engine = await loaded({ requestTimeoutMs: 100 });
    server.setScript({ headersDelayMs: 1000 });
    expectEngineError(await rejection(collect(engine.stream(chat()))), 'timeout');
  });

  it('reports a server that went away as connection-refused', async () => {
    const other = await startFixtureServer();
    const engine = new OpenAiEngine({ baseUrl: other.baseUrl });
    await engine.load('test-model');
    await other.close();
    expectEngineError(await rejection(collect(engine.stream(chat()))), 'connection-refused');
  });

  it('still streams normally after errors', async () => {
    const engine = await loaded();
    expect(textOf(await collect(engine.stream(chat())))).toBe('Hello, world!');
  });
});
