import { afterEach, describe, expect, it, vi } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { EngineError } from '../../core/errors/index.ts';
import { english, msg } from '../../core/i18n/message.ts';
import { errorMessage } from './error-message.ts';

afterEach(() => vi.restoreAllMocks());

describe('errorMessage', () => {
  it("gives a typed error's own message, without logging it", () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const message = errorMessage(new EngineError('timeout', msg('chat.error.notLoaded')));
    expect(message.key).toBe('chat.error.notLoaded');
    expect(english(message)).toMatch(/^No model is ready\./);
    expect(inChinese(message)).toMatch(/^还没有可用的模型。/);
    expect(log).not.toHaveBeenCalled();
  });

  it('redacts credentials from the texts inside a typed error’s message', () => {
    const message = errorMessage(new EngineError('connection-refused', msg('chat.error.serverNotAnswering', { host: 'sk-live-abcdefgh1234' })));
    expect(message.key).toBe('chat.error.serverNotAnswering');
    expect(english(message)).toMatch(/^Your server at \[redacted\] is not answering/);
  });

  it('logs and shows an unexpected error with credentials redacted, causes included', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cause = new Error('request had Authorization: Bearer tok-123456');
    const message = errorMessage(new TypeError('fetch failed for sk-live-abcdefgh1234', { cause }));
    expect(message.key).toBe('error.unexpected');
    expect(english(message)).toMatch(/^Something unexpected went wrong \(fetch failed for \[redacted\]\)/);
    expect(inChinese(message)).toMatch(/^出现了意外错误（fetch failed for \[redacted\]）/);
    const logged = log.mock.calls.flat().map(String).join('\n');
    expect(logged).toContain('TypeError: fetch failed for [redacted]');
    expect(logged).toContain('Caused by: Error: request had Authorization: Bearer [redacted]');
    expect(logged).not.toMatch(/tok-123456|sk-live-abcdefgh1234/);
  });
});
