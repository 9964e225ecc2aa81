import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/errors/index.ts';
import { resolveConfig } from './openai-config.ts';

describe('resolveConfig', () => {
  it('trims the address, drops trailing slashes, applies defaults', () => {
    expect(resolveConfig({ baseUrl: ' http://localhost:11434/v1/ ', apiKey: ' k ' })).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      apiKey: 'k',
      rawCompletion: false,
      requestTimeoutMs: 60_000,
      stallTimeoutMs: 60_000,
    });
  });

  it.each([
    [{ baseUrl: '' }, /empty/],
    [{ baseUrl: 'ftp://host/v1' }, /http:\/\/ or https:\/\//],
    [{ baseUrl: 'http://user:pw@host/v1' }, /user name and password/],
    [{ baseUrl: 'http://h/v1', apiKey: 'a\nb' }, /line break/],
    [{ baseUrl: 'http://h/v1', apiKey: 'clé' }, /plain ASCII/],
    [{ baseUrl: 'http://h/v1', stallTimeoutMs: 0 }, /stall timeout/],
  ])('rejects %j', (config, message) => {
    expect(() => resolveConfig(config)).toThrow(message);
    expect(() => resolveConfig(config)).toThrow(EngineError);
  });
});
