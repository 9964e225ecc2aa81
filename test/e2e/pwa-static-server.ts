/**
 * Test tool for the PWA tests: a static server for the production build (dist/) whose files
 * a test can rewrite (to publish a "new version" of the service worker), and a small file
 * server with CORS for fake self-hosted models and hostile scripts. Never used by the product.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The production build that test/e2e/global-setup.ts writes (vite.config.ts: `EGOS_DIST` or dist/). */
export const DIST = resolve(fileURLToPath(new URL('../..', import.meta.url)), process.env.EGOS_DIST ?? 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

/** A running test server. */
export interface TestServer {
  url: string;
  /** Paths requested so far, with the method, e.g. "HEAD /q.wasm". */
  readonly requests: string[];
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>, requests: string[]): Promise<TestServer> {
  const server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    handler(req, res).catch((error: unknown) => res.writeHead(500).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Serves dist/ like a static host (unknown paths fall back to index.html). `rewrite` may change
 * a file's text before it is sent, e.g. to append a comment to sw.js.
 */
export async function serveDist(rewrite: (path: string, text: string) => string = (_p, t) => t): Promise<TestServer> {
  return listen(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^\/+/, '') || 'index.html';
    const file = extname(path) ? path : 'index.html';
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const bytes = await readFile(join(DIST, file)).catch(() => null);
    if (!bytes) {
      res.writeHead(404).end();
      return;
    }
    const body = type.startsWith('text/') || type.includes('json') ? Buffer.from(rewrite(file, bytes.toString('utf8'))) : bytes;
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-cache' }).end(body);
  }, []);
}

/** Serves fixed files (path → body) with CORS for every origin; other paths are 404. */
export async function serveFiles(files: Record<string, { body: string; type: string }>): Promise<TestServer> {
  return listen(async (req, res) => {
    const file = files[new URL(req.url ?? '/', 'http://x').pathname];
    const cors = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };
    if (!file) {
      res.writeHead(404, cors).end('not found');
      return;
    }
    res.writeHead(200, { ...cors, 'Content-Type': file.type }).end(req.method === 'HEAD' ? undefined : file.body);
  }, []);
}
