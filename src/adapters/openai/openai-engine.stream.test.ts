import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from '../../../test/support/openai-fixture-server.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { EngineError } from '../../core/errors/index.ts';
import { english } from '../../core/i18n/message.ts';
import type { LoadProgress } from '../../core/llm-engine.ts';
import { OpenAiEngine } from './openai-engine.ts';
import { chat, collect, rejection, textOf } from './test-helpers.ts';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setScript({});
  server.requests.length = 0;
});

async function loaded(extra: { rawCompletion?: boolean } = {}): Promise<OpenAiEngine> {
  const engine = new OpenAiEngine({ baseUrl: server.baseUrl, stallTimeoutMs: 2000, requestTimeoutMs: 2000, ...extra });
  await engine.load('test-model');
  return engine;
}

describe('OpenAiEngine streaming', () => {
  it('streams the tokens as deltas, then done with usage and timing', async () => {
    server.setScript({ tokens: ['Once', ' upon', ' a time'], usage: { prompt_tokens: 7, completion_tokens: 3 } });
    const events = await collect((await loaded()).stream(chat()));
    expect(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : ''))).toEqual(['Once', ' upon', ' a time']);
    const done = events.at(-1);
    expect(done).toMatchObject({ type: 'done', finishReason: 'stop', usage: { promptTokens: 7, completionTokens: 3 } });
    expect(done?.type === 'done' && done.usage?.timeToFirstTokenSeconds).toBeGreaterThanOrEqual(0);
  });

  it('maps finish_reason length', async () => {
    server.setScript({ tokens: ['a'], finishReason: 'length' });
    const events = await collect((await loaded()).stream(chat()));
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'length' });
  });

  it('sends a chat request with the mapped sampling, stop, schema and thinking fields', async () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    await collect(
      (await loaded()).stream(
        chat('Hello', {
          stop: ['\nUser:'],
          maxTokens: 64,
          sampling: { temperature: 0.7, topP: 0.8, topK: 20, repetitionPenalty: 1.05, presencePenalty: 0.3, frequencyPenalty: 0.1, seed: 42 },
          responseFormat: { type: 'json', schema },
          enableThinking: false,
        }),
      ),
    );
    const [request] = server.completions();
    expect(request?.path).toBe('/v1/chat/completions');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toEqual({
      model: 'test-model',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      stop: ['\nUser:'],
      temperature: 0.7,
      top_p: 0.8,
      top_k: 20,
      repetition_penalty: 1.05,
      repeat_penalty: 1.05,
      presence_penalty: 0.3,
      frequency_penalty: 0.1,
      seed: 42,
      response_format: { type: 'json_schema', json_schema: { name: 'output', schema, strict: true } },
      chat_template_kwargs: { enable_thinking: false },
    });
  });

  it('sends a raw prompt to /completions and reads text chunks', async () => {
    server.setScript({ tokens: ['Hi', ' there'] });
    const engine = await loaded({ rawCompletion: true });
    expect(engine.capabilities.rawCompletion).toBe(true);
    const events = await collect(engine.stream({ input: { kind: 'prompt', prompt: '<|im_start|>assistant\n' }, stop: ['"'] }));
    expect(textOf(events)).toBe('Hi there');
    const [request] = server.completions();
    expect(request?.path).toBe('/v1/completions');
    expect(request?.body).toMatchObject({ prompt: '<|im_start|>assistant\n', stop: ['"'], stream: true });
    expect(request?.body).not.toHaveProperty('messages');
  });

  it('sends the API key as a bearer token', async () => {
    server.setScript({ apiKey: 'sk-local' });
    const engine = new OpenAiEngine({ baseUrl: server.baseUrl, apiKey: 'sk-local' });
    await engine.load('test-model');
    expect(textOf(await collect(engine.stream(chat())))).toBe('Hello, world!');
    expect(server.completions()[0]?.headers.authorization).toBe('Bearer sk-local');
  });

  it('reads CRLF line ends and keep-alive comments', async () => {
    server.setScript({ tokens: ['x', 'y'], lineEnd: '\r\n', comments: true });
    expect(textOf(await collect((await loaded()).stream(chat())))).toBe('xy');
  });

  it('accepts a server that ignores stream:true and answers one JSON body', async () => {
    server.setScript({ tokens: ['whole', ' reply'], ignoreStream: true });
    const events = await collect((await loaded()).stream(chat()));
    expect(events).toEqual([
      { type: 'delta', text: 'whole reply' },
      { type: 'done', finishReason: 'stop', usage: expect.objectContaining({ promptTokens: 10, completionTokens: 2 }) },
    ]);
  });

  it('ends with finishReason abort when stopped mid-stream, and aborts the request', async () => {
    server.setScript({ tokens: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 40 });
    const engine = await loaded();
    const controller = new AbortController();
    const events = [];
    for await (const event of engine.stream(chat(), controller.signal)) {
      events.push(event);
      if (events.length === 2) controller.abort();
    }
    expect(events.map((e) => e.type)).toEqual(['delta', 'delta', 'done']);
    expect(events.at(-1)).toEqual({ type: 'done', finishReason: 'abort' });
    await expect.poll(() => server.completions()[0]?.clientClosed).toBe(true);
  });

  it('aborts while waiting for the next chunk', async () => {
    server.setScript({ tokens: ['a', 'b'], delayMs: 5000 });
    const engine = await loaded();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    expect(await collect(engine.stream(chat(), controller.signal))).toEqual([{ type: 'done', finishReason: 'abort' }]);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const engine = await loaded();
    const requestsBefore = server.completions().length;
    expect(await collect(engine.stream(chat(), AbortSignal.abort()))).toEqual([{ type: 'done', finishReason: 'abort' }]);
    expect(server.completions()).toHaveLength(requestsBefore);
  });

  it('closes the request when the consumer leaves the loop early', async () => {
    server.setScript({ tokens: ['a', 'b', 'c', 'd'], delayMs: 30 });
    const engine = await loaded();
    for await (const event of engine.stream(chat())) if (event.type === 'delta') break;
    await expect.poll(() => server.completions()[0]?.clientClosed).toBe(true);
  });

  it('refuses to stream before load, and forgets the model on unload', async () => {
    const engine = new OpenAiEngine({ baseUrl: server.baseUrl });
    expect(engine.modelId).toBeNull();
    const error = await rejection(collect(engine.stream(chat())));
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('not-loaded');
    await engine.load('test-model');
    expect(engine.modelId).toBe('test-model');
    await engine.unload();
    expect(engine.modelId).toBeNull();
  });
});

describe('OpenAiEngine.load progress', () => {
  it('says it is connecting to the server, then that it is connected, with the model', async () => {
    const progress: LoadProgress[] = [];
    await new OpenAiEngine({ baseUrl: server.baseUrl }).load('test-model', { onProgress: (p) => progress.push(p) });
    expect(progress.map((p) => ({ ...p, text: english(p.text) }))).toEqual([
      { phase: 'load', fraction: 0, text: `Connecting to ${server.baseUrl}` },
      { phase: 'ready', fraction: 1, text: `Connected to ${server.baseUrl} (test-model)` },
    ]);
    expect(inChinese(progress[0]?.text)).toBe(`正在连接 ${server.baseUrl}`);
  });
});
