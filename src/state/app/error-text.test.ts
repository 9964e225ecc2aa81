import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../core/errors/index.ts';
import { errorText } from './error-text.ts';

afterEach(() => vi.restoreAllMocks());

describe('errorText', () => {
  it('shows a typed error as it is, without logging it', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(errorText(new EngineError('timeout', 'The server did not answer.'))).toBe('The server did not answer.');
    expect(log).not.toHaveBeenCalled();
  });

  it('logs and shows an unexpected error with credentials redacted, causes included', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cause = new Error('request had Authorization: Bearer tok-123456');
    const text = errorText(new TypeError('fetch failed for sk-live-abcdefgh1234', { cause }));
    expect(text).toMatch(/^Something unexpected went wrong \(fetch failed for \[redacted\]\)/);
    const logged = log.mock.calls.flat().map(String).join('\n');
    expect(logged).toContain('TypeError: fetch failed for [redacted]');
    expect(logged).toContain('Caused by: Error: request had Authorization: Bearer [redacted]');
    expect(logged).not.toMatch(/tok-123456|sk-live-abcdefgh1234/);
  });
});
