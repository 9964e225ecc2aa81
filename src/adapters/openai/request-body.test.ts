import { describe, expect, it } from 'vitest';
import { buildRequest } from './request-body.ts';

describe('buildRequest', () => {
  it('sends only what was set, and no thinking switch for raw prompts', () => {
    expect(buildRequest('m', { input: { kind: 'prompt', prompt: 'p' }, enableThinking: false, stop: [] })).toEqual({
      path: '/completions',
      body: { model: 'm', prompt: 'p', stream: true, stream_options: { include_usage: true } },
    });
  });
});
