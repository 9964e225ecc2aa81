import { EngineError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { isLocalUrl } from './is-local-url.ts';

/** The `fetch` the adapter uses; injectable for tests. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Longest wait for the `no-cors` probe that tells a CORS block from a dead server. */
const PROBE_TIMEOUT_MS = 5_000;

/**
 * Explains a fetch that failed before any response (browsers give a bare TypeError for both
 * a refused connection and a CORS block). A second `fetch(url, { mode: 'no-cors' })` tells
 * them apart: it resolves (opaquely) when the server is up, so the first one was blocked by
 * CORS; it fails too when nothing answers. Outside a browser (no `location`) an answering
 * server means it dropped the request (`engine-failed`).
 * Returns `cors`, `connection-refused` or `engine-failed` EngineErrors with instructions.
 */
export async function explainNetworkFailure(error: unknown, server: string, probeUrl: string, fetchFn: FetchLike): Promise<EngineError> {
  const up = await answersOpaquely(probeUrl, fetchFn);
  if (!up) {
    return new EngineError('connection-refused', msg('engine.openai.connectionRefused', { server, hint: mixedContentHint(server) }), { cause: error });
  }
  // Outside a page (Node, tests) there is no CORS: the server answered but dropped this request.
  if (typeof location === 'undefined') {
    return new EngineError('engine-failed', msg('engine.openai.connectionClosed', { server }), { cause: error });
  }
  const origin = pageOrigin();
  const who = origin ?? msg('engine.openai.cors.thisPage');
  const value = origin ?? msg('engine.openai.cors.pageAddress');
  return new EngineError('cors', msg('engine.openai.cors', { server, who, origin: value }), { cause: error });
}

async function answersOpaquely(url: string, fetchFn: FetchLike): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
  try {
    await fetchFn(url, { mode: 'no-cors', signal: controller.signal, cache: 'no-store' });
    return true;
  } catch (error) {
    if (error instanceof Error) return false;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The page's origin in a browser, or undefined (Node, opaque origins such as file://). */
function pageOrigin(): string | undefined {
  const origin = typeof location === 'undefined' ? undefined : location.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

/** A page served over https may not fetch plain-http addresses other than localhost: the hint to add, or nothing. */
function mixedContentHint(server: string): Message | '' {
  const pageIsHttps = typeof location !== 'undefined' && location.protocol === 'https:';
  if (!pageIsHttps || !server.startsWith('http:') || isLocalUrl(server)) return '';
  return msg('engine.openai.mixedContent');
}
