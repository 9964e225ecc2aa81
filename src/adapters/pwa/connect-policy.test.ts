import { describe, expect, it } from 'vitest';
import { installConnectPolicy } from './connect-policy.ts';

/** Just enough of a Document: createElement returns a plain object, head records what is appended. */
function fakeDocument() {
  const appended: Array<{ httpEquiv?: string; content?: string }> = [];
  const doc = { createElement: () => ({}), head: { append: (el: object) => void appended.push(el) } };
  return { doc: doc as unknown as Document, appended };
}

describe('installConnectPolicy', () => {
  it('appends a connect-src meta policy with the configured origins', () => {
    const { doc, appended } = fakeDocument();
    const policy = installConnectPolicy(doc, 'https://egos.example', ['http://192.168.1.9:11434/v1']);
    expect(appended).toHaveLength(1);
    expect(appended[0]?.httpEquiv).toBe('Content-Security-Policy');
    expect(appended[0]?.content).toMatch(/^connect-src 'self' .* http:\/\/192\.168\.1\.9:11434$/);
    expect(policy.origins).toEqual(['http://192.168.1.9:11434']);
  });

  it('allows this site, the model hosts and the configured origins only', () => {
    const policy = installConnectPolicy(fakeDocument().doc, 'https://egos.example', ['http://192.168.1.9:11434/v1']);
    expect(policy.allows('https://egos.example/assets/x.js')).toBe(true);
    expect(policy.allows('http://192.168.1.9:11434/v1/chat/completions')).toBe(true);
    expect(policy.allows('http://localhost:11434/v1')).toBe(true);
    expect(policy.allows('http://127.0.0.1:8080/v1')).toBe(true);
    expect(policy.allows('https://huggingface.co/mlc-ai/x/resolve/main/a.json')).toBe(true);
    expect(policy.allows('https://cas-bridge.xethub.hf.co/file')).toBe(true);
    expect(policy.allows('http://192.168.1.10:11434/v1')).toBe(false);
    expect(policy.allows('https://evil.example/')).toBe(false);
    expect(policy.allows('not a url')).toBe(false);
  });
});
