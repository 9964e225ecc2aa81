/**
 * Test tool: serves the tiny embedding model over http (with CORS, so a page on another
 * origin can fetch it) in the layouts transformers.js asks for: `/<modelId>/<file>` (set
 * `remotePathTemplate: '{model}/'`) and the hub's `/<modelId>/resolve/main/<file>`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TINY_EMBEDDING_MODEL_ID, tinyEmbeddingModelFiles } from './build-tiny-embedding-model.ts';

/** A running model server. */
export interface TinyModelServer {
  /** Base URL with a trailing slash, to use as the embedder's `remoteHost`. */
  url: string;
  modelId: string;
  /** Paths of the GET requests answered so far (200, 206 or 404). */
  requests: string[];
  close(): Promise<void>;
}

const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Headers': '*',
  'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Content-Type',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function fileName(path: string, modelId: string): string | null {
  const prefix = `/${modelId}/`;
  if (!path.startsWith(prefix)) return null;
  return path.slice(prefix.length).replace(/^resolve\/[^/]+\//, '');
}

function answer(files: Map<string, Uint8Array>, modelId: string, req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS).end();
    return;
  }
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  const name = fileName(path, modelId);
  const body = name === null ? undefined : files.get(name);
  if (!body) {
    res.writeHead(404, { ...CORS_HEADERS, 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const type = name?.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  if (req.headers.range === 'bytes=0-0') {
    res.writeHead(206, { ...CORS_HEADERS, 'Content-Type': type, 'Content-Length': '1', 'Content-Range': `bytes 0-0/${body.length}` });
    res.end(body.subarray(0, 1));
    return;
  }
  res.writeHead(200, { ...CORS_HEADERS, 'Content-Type': type, 'Content-Length': String(body.length) });
  res.end(body);
}

/**
 * Starts a server on 127.0.0.1 (a free port) that serves the tiny model under `modelId`.
 * @throws Error when the server cannot listen.
 */
export async function serveTinyEmbeddingModel(modelId: string = TINY_EMBEDDING_MODEL_ID): Promise<TinyModelServer> {
  const files = tinyEmbeddingModelFiles();
  const requests: string[] = [];
  const server = createServer((req, res) => {
    if (req.method === 'GET') requests.push(req.url ?? '');
    answer(files, modelId, req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    modelId,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
