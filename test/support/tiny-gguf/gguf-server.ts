/**
 * Test tool: a local HTTP server for GGUF files, on 127.0.0.1 with a random port, answering
 * the way a model host must for a cross-origin-isolated page: CORS for any origin,
 * `Cross-Origin-Resource-Policy: cross-origin`, and a Content-Length. Routes:
 * - `GET|HEAD /models/<name>`: the file at full speed;
 * - `GET|HEAD /slow/<name>`: the same file in 1 KB pieces every `slowMs` (for Cancel);
 * - `GET|HEAD /page.html`: an HTML page (a wrong address that is not a GGUF).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running GGUF server. */
export interface GgufServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  /** Every request so far as `METHOD /path`. */
  readonly requests: string[];
  close(): Promise<void>;
}

const CROSS_ORIGIN = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': 'Content-Length, ETag',
  'Cross-Origin-Resource-Policy': 'cross-origin',
};

function send(req: IncomingMessage, res: ServerResponse, type: string, body: Uint8Array, slowMs: number | null): void {
  res.writeHead(200, { ...CROSS_ORIGIN, 'Content-Type': type, 'Content-Length': String(body.length), 'Cache-Control': 'no-store' });
  if (req.method === 'HEAD') return void res.end();
  if (slowMs === null) return void res.end(Buffer.from(body));
  let at = 0;
  const timer = setInterval(() => {
    res.write(Buffer.from(body.subarray(at, at + 1024)));
    at += 1024;
    if (at >= body.length) {
      clearInterval(timer);
      res.end();
    }
  }, slowMs);
  res.on('close', () => clearInterval(timer));
}

/** Serves `files` (name → bytes); `slowMs` sets the pace of the `/slow/` route (default 50 ms per KB). */
export async function startGgufServer(files: Record<string, Uint8Array>, slowMs = 50): Promise<GgufServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    if (req.method === 'OPTIONS') return void res.writeHead(204, { ...CROSS_ORIGIN, 'Access-Control-Allow-Headers': '*' }).end();
    if (path === '/page.html') return send(req, res, 'text/html', new TextEncoder().encode('<!doctype html><p>Not a model</p>'), null);
    const m = /^\/(models|slow)\/([^/]+)$/.exec(path);
    const file = m ? files[m[2] ?? ''] : undefined;
    if (!m || !file) return void res.writeHead(404, CROSS_ORIGIN).end('not found');
    send(req, res, 'application/octet-stream', file, m[1] === 'slow' ? slowMs : null);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
