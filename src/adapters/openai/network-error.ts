import { EngineError } from '../../core/errors/index.ts';
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
    return new EngineError(
      'connection-refused',
      `Could not connect to ${server}. Is the server running, and are the host, port and path right?${mixedContentHint(server)}`,
      {
        cause: error,
        zh: `无法连接到 ${server}。服务器是否在运行？主机、端口和路径是否正确？${mixedContentHint(server, 'zh')}`,
      },
    );
  }
  // Outside a page (Node, tests) there is no CORS: the server answered but dropped this request.
  if (typeof location === 'undefined') {
    return new EngineError('engine-failed', `The server at ${server} closed the connection without answering. Check the server's log, then try again.`, {
      cause: error,
      zh: `${server} 上的服务器没有应答就关闭了连接。请查看服务器日志，然后重试。`,
    });
  }
  const origin = pageOrigin();
  const who = origin ?? 'this page';
  const value = origin ?? '<the address EGOS is opened from>';
  const whoZh = origin ?? '本页面';
  const valueZh = origin ?? '<打开 EGOS 所用的地址>';
  return new EngineError(
    'cors',
    `The server at ${server} is running but does not allow requests from ${who} (CORS). Allow this origin on the server: ` +
      `Ollama: set OLLAMA_ORIGINS=${value} and restart Ollama; LM Studio: turn on "Enable CORS" in the server settings (or lms server start --cors); ` +
      `llama-server: --cors-origins ${value}; vLLM: --allowed-origins '["${value}"]'. A proxy in front of the server must send the CORS headers too.`,
    {
      cause: error,
      zh:
        `${server} 上的服务器正在运行，但不允许来自 ${whoZh} 的请求（CORS）。请在服务器上允许这个来源：` +
        `Ollama：设置 OLLAMA_ORIGINS=${valueZh} 并重启 Ollama；LM Studio：在服务器设置中打开“Enable CORS”（或 lms server start --cors）；` +
        `llama-server：--cors-origins ${valueZh}；vLLM：--allowed-origins '["${valueZh}"]'。服务器前面如果有代理，它也必须发送 CORS 响应头。`,
    },
  );
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

/** A page served over https may not fetch plain-http addresses other than localhost. */
function mixedContentHint(server: string, language: 'en' | 'zh' = 'en'): string {
  const pageIsHttps = typeof location !== 'undefined' && location.protocol === 'https:';
  if (!pageIsHttps || !server.startsWith('http:') || isLocalUrl(server)) return '';
  if (language === 'zh')
    return 'EGOS 是通过 https 打开的，因此浏览器会拦截 localhost 以外的纯 http 服务器：请通过 https 提供 API，或从 http://localhost 打开 EGOS。';
  return ' EGOS is open over https, so the browser blocks plain-http servers other than localhost: serve the API over https, or open EGOS from http://localhost.';
}
