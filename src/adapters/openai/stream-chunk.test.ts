import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { mergeUsage, readChunk, serverError, toUsage } from './stream-chunk.ts';

describe('readChunk / toUsage', () => {
  it('ignores role-only and reasoning deltas, maps unknown finish reasons to stop', () => {
    expect(readChunk('{"choices":[{"delta":{"role":"assistant"}}]}', 's')).toEqual({ text: '', finishReason: undefined, usage: undefined });
    expect(readChunk('{"choices":[{"delta":{"reasoning_content":"hm"},"finish_reason":"eos"}]}', 's').finishReason).toBe('stop');
  });

  it('derives prefilled tokens from cached_tokens and takes llama.cpp timings', () => {
    const usage = mergeUsage(
      readChunk('{"choices":[],"usage":{"prompt_tokens":100,"completion_tokens":20,"prompt_tokens_details":{"cached_tokens":80}}}', 's').usage,
      readChunk('{"choices":[],"timings":{"prompt_per_second":500,"predicted_per_second":25}}', 's').usage,
    );
    expect(toUsage(usage, { sentAt: 0, firstTextAt: 400, endedAt: 1400 })).toEqual({
      promptTokens: 100,
      completionTokens: 20,
      prefillTokens: 20,
      prefillTokensPerSecond: 500,
      decodeTokensPerSecond: 25,
      timeToFirstTokenSeconds: 0.4,
    });
  });

  it('measures decode speed on the client when the server reports none', () => {
    const usage = toUsage({ promptTokens: 5, completionTokens: 11 }, { sentAt: 0, firstTextAt: 1000, endedAt: 3000 });
    expect(usage?.decodeTokensPerSecond).toBe(5);
    expect(toUsage(undefined, { sentAt: 0, endedAt: 1 })).toBeUndefined();
  });
});

describe('errors a server sends inside its stream', () => {
  it("shows the server's own message from an error object or an SSE error event, as one sentence", () => {
    expect(() => readChunk('{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error"}}', 'http://s')).toThrow(
      "The server at http://s stopped with an error: Incorrect API key provided. Check the server's log, then try again.",
    );
    expect(serverError('{"message":"model crashed"}', 'http://s').message).toBe(
      "The server at http://s stopped with an error: model crashed. Check the server's log, then try again.",
    );
    expect(inChinese(serverError('{"detail":"CUDA out of memory"}', 'http://s'))).toBe(
      'http://s 上的服务器因错误而停止：CUDA out of memory。请查看服务器日志，然后重试。',
    );
    expect(serverError('plain words', 'http://s').message).toContain('stopped with an error: plain words. Check');
    const exclaimed = serverError('Overloaded!', 'http://s');
    expect(exclaimed.message).toContain('stopped with an error: Overloaded! Check');
    expect(inChinese(exclaimed)).toContain('因错误而停止：Overloaded!。请查看');
    expect(inChinese(serverError('{"error":"Incorrect API key provided."}', 'http://s'))).toContain('因错误而停止：Incorrect API key provided。请查看');
  });
});
