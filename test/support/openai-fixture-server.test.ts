import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFixtureServer, type FixtureServer } from './openai-fixture-server.ts';

let server: FixtureServer;
beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await server.close();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(server.baseUrl + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('OpenAI fixture server', () => {
  it('lists models and records requests with headers', async () => {
    server.setScript({ models: ['a', 'b'] });
    const res = await fetch(`${server.baseUrl}/models`, { headers: { 'X-Test': '1' } });
    expect(await res.json()).toMatchObject({ data: [{ id: 'a' }, { id: 'b' }] });
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models', headers: { 'x-test': '1' } });
  });

  it('streams chat chunks, usage and [DONE] over SSE', async () => {
    server.setScript({ tokens: ['A', 'B'] });
    const res = await post('/chat/completions', { model: 'test-model', stream: true, stream_options: { include_usage: true }, messages: [] });
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(events.filter((e) => e.includes('"content":"A"'))).toHaveLength(1);
    expect(events.at(-2)).toContain('"completion_tokens":2');
    expect(server.completions()[0]?.body).toMatchObject({ model: 'test-model', stream: true });
  });

  it('answers a non-streaming text completion in one JSON body', async () => {
    const res = await post('/completions', { model: 'test-model', prompt: 'x' });
    expect(await res.json()).toMatchObject({ object: 'text_completion', choices: [{ text: 'Hello, world!', finish_reason: 'stop' }] });
  });

  it('returns OpenAI-style errors: unknown model, wrong key, scripted status', async () => {
    expect((await post('/chat/completions', { model: 'nope', messages: [] })).status).toBe(404);
    server.setScript({ apiKey: 'k' });
    expect((await fetch(`${server.baseUrl}/models`)).status).toBe(401);
    expect((await fetch(`${server.baseUrl}/models`, { headers: { Authorization: 'Bearer k' } })).status).toBe(200);
    server.setScript({ error: { status: 503, message: 'busy' } });
    const res = await post('/chat/completions', { model: 'test-model', messages: [] });
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: { message: 'busy', type: 'server_error', code: 503 } });
  });

  it('answers CORS preflights, and can leave CORS headers out', async () => {
    const preflight = await fetch(`${server.baseUrl}/chat/completions`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    server.setScript({ cors: false });
    const res = await fetch(`${server.baseUrl}/models`);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('can stall mid-stream, notices the client leaving, and still closes promptly', async () => {
    server.setScript({ tokens: ['a', 'b', 'c'], stallAfter: 1 });
    const res = await post('/chat/completions', { model: 'test-model', stream: true, messages: [] });
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('data: ');
    await reader.cancel();
    await expect.poll(() => server.completions()[0]?.clientClosed).toBe(true);
  });

  it('closes with a stalled connection still open', async () => {
    server.setScript({ stallAfter: 0 });
    const res = await post('/chat/completions', { model: 'test-model', stream: true, messages: [] });
    expect(res.status).toBe(200);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1000);
    server = await startFixtureServer();
  });
});
