import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { EngineError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import { scrubError } from './scrub-error.ts';
import { serverError } from './stream-chunk.ts';

const KEY = 'Zq7-unit-secret-key';

describe('scrubError', () => {
  it('returns an error that does not mention the key as it is', () => {
    const error = new EngineError('http-error', msg('engine.openai.httpStatus', { server: 'http://s', status: 500, said: '' }));
    expect(scrubError(error, KEY)).toBe(error);
    expect(scrubError(new Error(`has ${KEY}`), '')).toBeInstanceOf(Error);
  });

  it('rebuilds an EngineError with the same code and the key redacted from the message and the causes', () => {
    const cause = new TypeError(`header Authorization: Bearer ${KEY} rejected`, { cause: { header: KEY } });
    const error = new EngineError('engine-failed', msg('engine.openai.stream.serverError', { server: 'http://s', said: `bad key ${KEY}` }), { cause });
    const scrubbed = scrubError(error, KEY) as EngineError;
    expect(scrubbed).toBeInstanceOf(EngineError);
    expect(scrubbed.code).toBe('engine-failed');
    expect(scrubbed.message).toBe("The server at http://s stopped with an error: bad key [redacted]. Check the server's log, then try again.");
    const inner = scrubbed.cause as Error;
    expect(inner.name).toBe('TypeError');
    expect(inner.message).toBe('header Authorization: Bearer [redacted] rejected');
    expect(JSON.stringify(inner.cause)).not.toContain(KEY);
    expect(`${scrubbed.stack} ${inner.stack}`).not.toContain(KEY);
  });

  it('redacts the key from the values of the message, so every language shows it redacted, keeping the key of the text and the code', () => {
    const error = new EngineError(
      'http-error',
      msg('engine.openai.httpStatus', { server: 'http://s', status: 401, said: msg('engine.openai.said', { message: `key ${KEY}` }) }),
    );
    const scrubbed = scrubError(error, KEY) as EngineError;
    expect(scrubbed).not.toBe(error);
    expect(scrubbed.code).toBe('http-error');
    expect(scrubbed.text?.key).toBe('engine.openai.httpStatus');
    expect(scrubbed.message).toBe('The server at http://s answered HTTP 401. The server said: "key [redacted]". Check the server\'s log, then try again.');
    expect(inChinese(scrubbed)).toBe('http://s 上的服务器返回了 HTTP 401。服务器返回：“key [redacted]”。请查看服务器日志，然后重试。');
    expect(JSON.stringify(scrubbed.toJSON())).not.toContain(KEY);
  });

  it("redacts a server's own error text quoted in a stream error (a string value of the message)", () => {
    const scrubbed = scrubError(serverError(`{"error":{"message":"bad key ${KEY}"}}`, 'http://s'), KEY) as EngineError;
    expect(scrubbed.message).toContain('stopped with an error: bad key [redacted].');
    expect(inChinese(scrubbed)).toBe('http://s 上的服务器因错误而停止：bad key [redacted]。请查看服务器日志，然后重试。');
  });

  it('redacts an untranslated text (a message that is only English words)', () => {
    const error = new EngineError('engine-failed', msg('text.verbatim', { text: `Server said: bad key ${KEY}` }));
    const scrubbed = scrubError(error, KEY) as EngineError;
    expect(scrubbed.message).toBe('Server said: bad key [redacted]');
    expect(inChinese(scrubbed)).toBe('Server said: bad key [redacted]');
  });

  it('redacts a thrown string', () => {
    expect(scrubError(`failed with ${KEY}`, KEY)).toBe('failed with [redacted]');
  });
});
