import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/errors/index.ts';
import { scrubError } from './scrub-error.ts';

const KEY = 'Zq7-unit-secret-key';

describe('scrubError', () => {
  it('returns an error that does not mention the key as it is', () => {
    const error = new EngineError('http-error', 'The server answered HTTP 500.');
    expect(scrubError(error, KEY)).toBe(error);
    expect(scrubError(new Error(`has ${KEY}`), '')).toBeInstanceOf(Error);
  });

  it('rebuilds an EngineError with the same code and the key redacted from the message and the causes', () => {
    const cause = new TypeError(`header Authorization: Bearer ${KEY} rejected`, { cause: { header: KEY } });
    const error = new EngineError('engine-failed', `Server said: bad key ${KEY}`, { cause });
    const scrubbed = scrubError(error, KEY) as EngineError;
    expect(scrubbed).toBeInstanceOf(EngineError);
    expect(scrubbed.code).toBe('engine-failed');
    expect(scrubbed.message).toBe('Server said: bad key [redacted]');
    const inner = scrubbed.cause as Error;
    expect(inner.name).toBe('TypeError');
    expect(inner.message).toBe('header Authorization: Bearer [redacted] rejected');
    expect(JSON.stringify(inner.cause)).not.toContain(KEY);
    expect(`${scrubbed.stack} ${inner.stack}`).not.toContain(KEY);
  });

  it('redacts the key from the Chinese message too, keeping it and the code', () => {
    const error = new EngineError('unauthorized', 'The server rejected the API key.', { zh: `服务器拒绝了密钥 ${KEY}。` });
    const scrubbed = scrubError(error, KEY) as EngineError;
    expect(scrubbed).not.toBe(error);
    expect(scrubbed.code).toBe('unauthorized');
    expect(scrubbed.message).toBe('The server rejected the API key.');
    expect(scrubbed.zh).toBe('服务器拒绝了密钥 [redacted]。');
    expect(JSON.stringify(scrubbed.toJSON())).not.toContain(KEY);
  });

  it('keeps the Chinese message when only the English one is redacted', () => {
    const error = new EngineError('engine-failed', `Server said: bad key ${KEY}`, { zh: '服务器因错误而停止。' });
    const scrubbed = scrubError(error, KEY) as EngineError;
    expect(scrubbed.message).toBe('Server said: bad key [redacted]');
    expect(scrubbed.zh).toBe('服务器因错误而停止。');
  });

  it('redacts a thrown string', () => {
    expect(scrubError(`failed with ${KEY}`, KEY)).toBe('failed with [redacted]');
  });
});
