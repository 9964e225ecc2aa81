import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { startFixtureServer, type FixtureServer } from '../../../test/support/openai-fixture-server.ts';
import { AppError, type EngineError } from '../../core/errors/index.ts';
import { english } from '../../core/i18n/message.ts';
import { errorMessage } from '../../state/app/error-message.ts';
import type { FetchLike } from './network-error.ts';
import { listModels } from './list-models.ts';
import { OpenAiEngine } from './openai-engine.ts';
import { chat, closedPort, collect, rejection } from './test-helpers.ts';

/** Not shaped like an `sk-` key, so only the exact-key redaction can hide it. */
const KEY = 'egos-unit-KEY-7f3a9c';
const LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

let server: FixtureServer;
let spies: MockInstance[] = [];
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setScript({ apiKey: KEY });
  spies = LEVELS.map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Everything written to the console in this test, as text. */
function consoleOutput(): string {
  return spies
    .flatMap((spy) => spy.mock.calls.flat())
    .map((v) => (v instanceof Error ? `${v.stack} ${String(v.cause)}` : String(v)))
    .join('\n');
}

/** Every message, stack and cause of an error chain, as text. */
function errorChainText(error: unknown, depth = 0): string {
  if (depth > 8 || error === undefined) return '';
  if (!(error instanceof Error)) return JSON.stringify(error) ?? String(error);
  return `${error.name}: ${error.message}\n${error.stack ?? ''}\n${errorChainText(error.cause, depth + 1)}`;
}

/** The failure as the app sees it: shown through errorMessage (which may log), in English and Chinese; none may hold the key. */
function expectKeyFree(error: unknown): string {
  expect(error).toBeInstanceOf(AppError);
  const message = errorMessage(error);
  const shown = english(message);
  expect(errorChainText(error)).not.toContain(KEY);
  expect(JSON.stringify((error as AppError).toJSON())).not.toContain(KEY);
  expect(shown).not.toContain(KEY);
  expect(inChinese(message)).not.toContain(KEY);
  expect(consoleOutput()).not.toContain(KEY);
  return shown;
}

async function loaded(fetch?: FetchLike): Promise<OpenAiEngine> {
  const engine = new OpenAiEngine({ baseUrl: server.baseUrl, apiKey: KEY }, fetch ? { fetch } : {});
  await engine.load('test-model');
  return engine;
}

describe('the API key never reaches an error message or the console', () => {
  it('is sent in the Authorization header only', async () => {
    await collect((await loaded()).stream(chat()));
    const last = server.completions().at(-1);
    expect(last?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(last?.rawBody).not.toContain(KEY);
  });

  it('a bad status whose body echoes the key (load, list, stream)', async () => {
    const engine = await loaded();
    server.setScript({ apiKey: KEY, error: { status: 500, message: `proxy rejected header "Authorization: Bearer ${KEY}"` } });
    const shown = expectKeyFree(await rejection(collect(engine.stream(chat()))));
    expect(shown).toContain('HTTP 500');
    expect(shown).toContain('[redacted]');
    server.setScript({ apiKey: KEY, error: { status: 502, message: `upstream said key ${KEY} is unknown`, on: 'models' } });
    expectKeyFree(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl, apiKey: KEY }).load('test-model')));
    expectKeyFree(await rejection(listModels({ baseUrl: server.baseUrl, apiKey: KEY })));
    server.setScript({ apiKey: 'another-key' });
    expect(expectKeyFree(await rejection(engine.load('test-model')))).toMatch(/rejected the API key/);
  });

  it('a network error (nothing listens, or fetch itself fails naming the header)', async () => {
    const port = await closedPort();
    const refused = new OpenAiEngine({ baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: KEY });
    expect(expectKeyFree(await rejection(refused.load('test-model')))).toMatch(/Could not connect/);
    const broken: FetchLike = async () => {
      throw new TypeError(`Failed to execute 'fetch': invalid header value "Bearer ${KEY}"`);
    };
    expectKeyFree(await rejection(new OpenAiEngine({ baseUrl: server.baseUrl, apiKey: KEY }, { fetch: broken }).load('test-model')));
  });

  it('a malformed stream or an error event that quotes the key', async () => {
    const engine = await loaded();
    server.setScript({ apiKey: KEY, tokens: ['ok'], malformed: { after: 1, data: `{not json ${KEY}` } });
    expect(((await rejection(collect(engine.stream(chat())))) as EngineError).code).toBe('malformed-stream');
    expectKeyFree(await rejection(collect(engine.stream(chat()))));
    server.setScript({ apiKey: KEY, tokens: ['ok'], malformed: { after: 1, data: JSON.stringify({ error: { message: `bad key ${KEY}` } }) } });
    expectKeyFree(await rejection(collect(engine.stream(chat()))));
  });

  it('a CORS-like failure in a page (the request is blocked, the no-cors probe answers)', async () => {
    vi.stubGlobal('location', { origin: 'http://app.test', protocol: 'http:' });
    let blocked = false;
    const fetch: FetchLike = async (url, init) => {
      if (init?.mode === 'no-cors' || !blocked) return globalThis.fetch(url, init);
      throw new TypeError(`Failed to fetch (headers: Authorization: Bearer ${KEY})`);
    };
    const engine = await loaded(fetch);
    blocked = true;
    const error = await rejection(collect(engine.stream(chat())));
    expect((error as EngineError).code).toBe('cors');
    expectKeyFree(error);
  });
});
