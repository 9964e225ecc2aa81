import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainNetworkFailure, type FetchLike } from './network-error.ts';

/** A fetch that fails like a browser does, except for `no-cors` probes when the server is up. */
function browserLikeFetch(serverUp: boolean): { fetch: FetchLike; calls: RequestInit[] } {
  const calls: RequestInit[] = [];
  const fetch: FetchLike = async (_url, init = {}) => {
    calls.push(init);
    if (init.mode === 'no-cors' && serverUp) return new Response(null, { status: 200 });
    throw new TypeError('Failed to fetch');
  };
  return { fetch, calls };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('explainNetworkFailure', () => {
  it('calls it CORS in a page when a no-cors probe reaches the server, naming the origin and the fixes', async () => {
    vi.stubGlobal('location', { origin: 'https://egos.example', protocol: 'https:' });
    const { fetch, calls } = browserLikeFetch(true);
    const error = await explainNetworkFailure(new TypeError('Failed to fetch'), 'http://localhost:11434/v1', 'http://localhost:11434/v1/models', fetch);
    expect(error.code).toBe('cors');
    expect(error.message).toContain('OLLAMA_ORIGINS=https://egos.example');
    expect(error.message).toContain('--cors-origins https://egos.example');
    expect(error.message).toContain('Enable CORS');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ mode: 'no-cors' });
    expect(new Headers(calls[0]?.headers).has('authorization')).toBe(false);
  });

  it('calls it refused when the probe fails too', async () => {
    vi.stubGlobal('location', { origin: 'http://localhost:5173', protocol: 'http:' });
    const error = await explainNetworkFailure(
      new TypeError('Failed to fetch'),
      'http://localhost:8080/v1',
      'http://localhost:8080/v1/models',
      browserLikeFetch(false).fetch,
    );
    expect(error.code).toBe('connection-refused');
    expect(error.message).toMatch(/Is the server running/);
    expect(error.message).not.toMatch(/https/);
  });

  it('explains mixed content when an https page calls a plain-http LAN server', async () => {
    vi.stubGlobal('location', { origin: 'https://egos.example', protocol: 'https:' });
    const error = await explainNetworkFailure(
      new TypeError('Failed to fetch'),
      'http://192.168.1.5:11434/v1',
      'http://192.168.1.5:11434/v1/models',
      browserLikeFetch(false).fetch,
    );
    expect(error.code).toBe('connection-refused');
    expect(error.message).toMatch(/blocks plain-http servers other than localhost/);
  });

  it('outside a page, an answering server that dropped the request is engine-failed, not CORS', async () => {
    const error = await explainNetworkFailure(
      new TypeError('fetch failed'),
      'http://127.0.0.1:1/v1',
      'http://127.0.0.1:1/v1/models',
      browserLikeFetch(true).fetch,
    );
    expect(error.code).toBe('engine-failed');
  });
});
