import { describe, expect, it } from 'vitest';
import { basePolicy, connectPolicy, headerPolicy, matchesHostSource, originsOf } from './content-security-policy.ts';

describe('content security policy', () => {
  it('the static policy allows only own scripts (plus wasm), own styles, and no plugins', () => {
    const policy = basePolicy();
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("base-uri 'self'");
    expect(policy).not.toMatch(/unsafe-inline|'unsafe-eval'|default-src|connect-src|frame-ancestors/);
  });

  it('the header form adds frame-ancestors, which a meta policy cannot carry', () => {
    expect(headerPolicy()).toBe(`${basePolicy()}; frame-ancestors 'none'`);
  });

  it('connect-src lists self, the model hosts and the configured origins without paths or duplicates', () => {
    const policy = connectPolicy([
      'http://192.168.1.9:11434/v1',
      'http://192.168.1.9:11434/v1/models',
      'https://models.example/q/',
      'http://localhost:8080/v1',
      'javascript:alert(1)',
    ]);
    expect(policy).toBe(
      "connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co https://raw.githubusercontent.com http://localhost:* http://127.0.0.1:* http://192.168.1.9:11434 https://models.example",
    );
    expect(originsOf(['not a url'])).toEqual([]);
  });

  it('matches wildcard host sources at any subdomain depth, on the same scheme and default port', () => {
    expect(matchesHostSource('https://cas-bridge.xethub.hf.co', 'https://*.hf.co')).toBe(true);
    expect(matchesHostSource('https://hf.co', 'https://*.hf.co')).toBe(false);
    expect(matchesHostSource('http://cdn-lfs.hf.co', 'https://*.hf.co')).toBe(false);
    expect(matchesHostSource('https://evilhf.co', 'https://*.hf.co')).toBe(false);
    expect(matchesHostSource('https://huggingface.co', 'https://huggingface.co')).toBe(true);
  });

  it('matches any port of a loopback source, http or https', () => {
    expect(matchesHostSource('http://localhost:11434', 'http://localhost:*')).toBe(true);
    expect(matchesHostSource('https://127.0.0.1:8443', 'http://127.0.0.1:*')).toBe(true);
    expect(matchesHostSource('http://localhost.evil.example:80', 'http://localhost:*')).toBe(false);
    expect(matchesHostSource('http://127.0.0.2:80', 'http://127.0.0.1:*')).toBe(false);
  });
});
