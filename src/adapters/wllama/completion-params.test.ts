import { describe, expect, it } from 'vitest';
import { completionParams, renderPrompt, toFinishReason, toUsage } from './completion-params.ts';

describe('renderPrompt', () => {
  const messages = {
    kind: 'chat' as const,
    messages: [
      { role: 'system' as const, content: 'Be Ada.' },
      { role: 'user' as const, content: 'Hi' },
    ],
  };

  it('sends a raw prompt unchanged', () => {
    expect(renderPrompt({ kind: 'prompt', prompt: '<|im_start|>user\nx' }, false)).toBe('<|im_start|>user\nx');
  });

  it('renders a message list as Qwen ChatML opened for the reply', () => {
    expect(renderPrompt(messages, false)).toBe('<|im_start|>system\nBe Ada.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n');
  });

  it("adds Qwen3's empty thinking block unless thinking is on", () => {
    expect(renderPrompt(messages, true)).toMatch(/<\|im_start\|>assistant\n<think>\n\n<\/think>\n\n$/);
    expect(renderPrompt(messages, true, true)).toMatch(/<\|im_start\|>assistant\n$/);
  });
});

describe('completionParams', () => {
  it('maps the request to llama.cpp server names and drops unset values', () => {
    const params = completionParams(
      {
        input: { kind: 'prompt', prompt: 'P' },
        stop: ['"'],
        maxTokens: 320,
        sampling: { temperature: 0.7, topP: 0.8, topK: 20, repetitionPenalty: 1.05, presencePenalty: 0.3 },
      },
      false,
    );
    expect(params).toEqual({
      prompt: 'P',
      stop: ['"'],
      max_tokens: 320,
      temperature: 0.7,
      top_p: 0.8,
      top_k: 20,
      repeat_penalty: 1.05,
      presence_penalty: 0.3,
      cache_prompt: true,
    });
  });

  it('passes a JSON schema for constrained output', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(completionParams({ input: { kind: 'prompt', prompt: 'P' }, responseFormat: { type: 'json', schema } }, false)).toMatchObject({
      json_schema: schema,
      stop: [],
    });
  });
});

describe('server results', () => {
  it('maps finish reasons', () => {
    expect(toFinishReason('length')).toBe('length');
    expect(toFinishReason('stop')).toBe('stop');
    expect(toFinishReason(null)).toBe('stop');
  });

  it('reports usage with the prefilled (not cached) prompt tokens', () => {
    const usage = toUsage({
      usage: { prompt_tokens: 17, completion_tokens: 6 },
      timings: { prompt_n: 1, prompt_ms: 11.4, prompt_per_second: 87.8, predicted_per_second: 978 },
    });
    expect(usage).toEqual({
      promptTokens: 17,
      completionTokens: 6,
      prefillTokens: 1,
      prefillTokensPerSecond: 87.8,
      decodeTokensPerSecond: 978,
      timeToFirstTokenSeconds: 0.0114,
    });
    expect(toUsage({ usage: null })).toBeUndefined();
  });
});
