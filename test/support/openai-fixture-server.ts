/**
 * Test tool: a small OpenAI-protocol server on Node `http` that stands in for a user's
 * Ollama / llama.cpp / vLLM endpoint. Tests script its replies (tokens, delays, stalls,
 * malformed data, HTTP errors, API key, CORS) with `setScript` and assert on `requests`.
 * Never used by the product.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the server received it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, e.g. `/v1/chat/completions`. */
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body, or undefined when there was none or it was not JSON. */
  body: Record<string, unknown> | undefined;
  rawBody: string;
  /** True once the client closed the connection before the response was complete. */
  clientClosed: boolean;
}

/** How the server answers. Every field is optional; see {@link DEFAULT_SCRIPT}. */
export interface FixtureScript {
  /** Streamed one per chunk; a function can derive them from the request. */
  tokens?: string[] | ((request: RecordedRequest) => string[]);
  /** Milliseconds before each token. */
  delayMs?: number;
  /** Milliseconds before the response headers are sent (to test the request timeout). */
  headersDelayMs?: number;
  finishReason?: 'stop' | 'length';
  /** Usage sent when the client asks for it; default: prompt 10, completion = token count. */
  usage?: { prompt_tokens: number; completion_tokens: number };
  /** After this many tokens, send nothing more and keep the connection open. */
  stallAfter?: number;
  /** While stalled, send an SSE keep-alive comment every this many milliseconds (as proxies and some servers do). */
  keepAliveMs?: number;
  /** Send `data: <data>` as an event after `after` tokens (e.g. `not json`). */
  malformed?: { after: number; data: string };
  /**
   * After `after` tokens stop without finish_reason or [DONE]: `end` ends the response
   * cleanly, `reset` destroys the socket once the tokens are flushed.
   */
  drop?: { after: number; how: 'end' | 'reset' };
  /** Answer the completion endpoints (or `on` the models endpoint) with this HTTP error. */
  error?: { status: number; message: string; on?: 'completions' | 'models'; rawBody?: string };
  /** Model ids listed by GET /v1/models; a completion for another model gets Ollama's 404. */
  models?: string[];
  /** When set, every /v1 request needs `Authorization: Bearer <apiKey>` (else 401). */
  apiKey?: string;
  /** Value of Access-Control-Allow-Origin; `false` sends no CORS headers at all. */
  cors?: string | false;
  /** Line end used in the event stream. */
  lineEnd?: '\n' | '\r\n';
  /** Send an SSE comment line before each token (as some proxies do for keep-alive). */
  comments?: boolean;
  /** Ignore `stream: true` and answer with one JSON body. */
  ignoreStream?: boolean;
}

/** The script a fresh server starts with. */
export const DEFAULT_SCRIPT: Readonly<FixtureScript> = { tokens: ['Hello', ',', ' world', '!'], models: ['test-model'], cors: '*' };

/** A running fixture server. */
export interface FixtureServer {
  /** Origin, e.g. `http://127.0.0.1:40123`. */
  url: string;
  /** `url` + `/v1`: what a user would enter as the base URL. */
  baseUrl: string;
  port: number;
  /** Replaces the script (merged over {@link DEFAULT_SCRIPT}); a function is called per request. */
  setScript(script: FixtureScript | ((request: RecordedRequest) => FixtureScript)): void;
  /** Every request received, in order (OPTIONS preflights included). */
  readonly requests: RecordedRequest[];
  /** Completion requests only (POST), in order. */
  completions(): RecordedRequest[];
  /** Stops the server, destroying open connections (stalled streams included). */
  close(): Promise<void>;
}

/** Starts a fixture server on 127.0.0.1 with a random free port. */
export async function startFixtureServer(initial?: FixtureScript): Promise<FixtureServer> {
  let script: FixtureScript | ((request: RecordedRequest) => FixtureScript) = initial ?? {};
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer((req, res) => {
    void readBody(req)
      .then((rawBody) => {
        const recorded = record(req, rawBody);
        requests.push(recorded);
        res.on('close', () => {
          if (!res.writableFinished) recorded.clientClosed = true;
        });
        const active = { ...DEFAULT_SCRIPT, ...(typeof script === 'function' ? script(recorded) : script) };
        return handle(recorded, active, res, sleep);
      })
      .catch((error: unknown) => {
        res.destroy();
        // Surfaces in the test run as an unhandled rejection instead of a silently hung request.
        return Promise.reject(error);
      });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrl: `${url}/v1`,
    port,
    requests,
    setScript: (next) => {
      script = next;
    },
    completions: () => requests.filter((r) => r.method === 'POST'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        for (const socket of sockets) socket.destroy();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function record(req: IncomingMessage, rawBody: string): RecordedRequest {
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = rawBody ? JSON.parse(rawBody) : undefined;
    body = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    body = undefined;
  }
  const path = new URL(req.url ?? '/', 'http://fixture').pathname;
  return { method: req.method ?? 'GET', path, headers: { ...req.headers }, body, rawBody, clientClosed: false };
}

type Sleep = (ms: number) => Promise<void>;

async function handle(req: RecordedRequest, script: FixtureScript, res: ServerResponse, sleep: Sleep): Promise<void> {
  const cors: Record<string, string> =
    script.cors === false
      ? {}
      : {
          'Access-Control-Allow-Origin': script.cors ?? '*',
          'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
          'Access-Control-Allow-Headers': 'authorization, content-type, accept',
          'Access-Control-Max-Age': '600',
        };
  for (const [name, value] of Object.entries(cors)) res.setHeader(name, value);
  if (req.method === 'OPTIONS') return void res.writeHead(204).end();
  if (script.headersDelayMs) await sleep(script.headersDelayMs);
  if (script.apiKey !== undefined && req.headers.authorization !== `Bearer ${script.apiKey}`) {
    return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error');
  }
  const isModels = req.method === 'GET' && req.path === '/v1/models';
  const isCompletion = req.method === 'POST' && (req.path === '/v1/chat/completions' || req.path === '/v1/completions');
  if (!isModels && !isCompletion) return sendError(res, 404, `Not found: ${req.method} ${req.path}`, 'not_found_error');
  const error = script.error;
  if (error && (error.on ?? 'completions') === (isModels ? 'models' : 'completions')) {
    if (error.rawBody !== undefined) return void res.writeHead(error.status, { 'Content-Type': 'text/html' }).end(error.rawBody);
    return sendError(res, error.status, error.message, 'server_error');
  }
  const models = script.models ?? [];
  if (isModels) {
    return sendJson(res, 200, { object: 'list', data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fixture' })) });
  }
  const model = typeof req.body?.model === 'string' ? req.body.model : '';
  if (!models.includes(model)) return sendError(res, 404, `model "${model}" not found, try pulling it first`, 'not_found_error');
  const tokens = typeof script.tokens === 'function' ? script.tokens(req) : (script.tokens ?? []);
  if (req.body?.stream === true && !script.ignoreStream) return streamTokens(req, script, tokens, res, sleep);
  return sendJson(res, 200, wholeCompletion(req, script, tokens));
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, type: string): void {
  sendJson(res, status, { error: { message, type, code: status } });
}

function isChat(req: RecordedRequest): boolean {
  return req.path === '/v1/chat/completions';
}

function usageOf(script: FixtureScript, tokens: string[]): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  const usage = script.usage ?? { prompt_tokens: 10, completion_tokens: tokens.length };
  return { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };
}

function chunk(req: RecordedRequest, text: string | null, finishReason: string | null): Record<string, unknown> {
  const base = { id: 'cmpl-fixture', created: 0, model: req.body?.model };
  if (isChat(req)) {
    const delta = text === null ? {} : { content: text };
    return { ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] };
  }
  return { ...base, object: 'text_completion', choices: [{ index: 0, text: text ?? '', finish_reason: finishReason }] };
}

function wholeCompletion(req: RecordedRequest, script: FixtureScript, tokens: string[]): Record<string, unknown> {
  const text = tokens.join('');
  const finish_reason = script.finishReason ?? 'stop';
  const choice = isChat(req) ? { index: 0, message: { role: 'assistant', content: text }, finish_reason } : { index: 0, text, finish_reason };
  return {
    id: 'cmpl-fixture',
    object: isChat(req) ? 'chat.completion' : 'text_completion',
    created: 0,
    model: req.body?.model,
    choices: [choice],
    usage: usageOf(script, tokens),
  };
}

async function dropResponse(res: ServerResponse, how: 'end' | 'reset'): Promise<void> {
  if (how === 'end') return void res.end();
  await new Promise<void>((resolve) => res.write('', () => resolve()));
  res.socket?.destroy();
}

async function streamTokens(req: RecordedRequest, script: FixtureScript, tokens: string[], res: ServerResponse, sleep: Sleep): Promise<void> {
  const eol = script.lineEnd ?? '\n';
  const send = (data: string): boolean => !res.destroyed && res.write(`data: ${data}${eol}${eol}`);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  if (isChat(req)) send(JSON.stringify({ ...chunk(req, null, null), choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] }));
  for (let i = 0; i <= tokens.length; i++) {
    if (script.malformed?.after === i) send(script.malformed.data);
    if (script.stallAfter === i) {
      while (script.keepAliveMs && !res.destroyed) {
        res.write(`: keep-alive${eol}${eol}`);
        await sleep(script.keepAliveMs);
      }
      return;
    }
    if (script.drop?.after === i) return dropResponse(res, script.drop.how);
    const token = tokens[i];
    if (token === undefined) break;
    if (script.delayMs) await sleep(script.delayMs);
    if (res.destroyed) return;
    if (script.comments) res.write(`: keep-alive${eol}`);
    send(JSON.stringify(chunk(req, token, null)));
  }
  send(JSON.stringify(chunk(req, null, script.finishReason ?? 'stop')));
  const options = req.body?.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) send(JSON.stringify({ ...chunk(req, null, null), choices: [], usage: usageOf(script, tokens) }));
  send('[DONE]');
  res.end();
}
