import { describe, expect, it } from 'vitest';
import { isLocalUrl } from './is-local-url.ts';
import { OpenAiEngine } from './openai-engine.ts';

describe('isLocalUrl', () => {
  it.each([
    ['http://localhost:11434/v1', true],
    ['http://LOCALHOST/v1', true],
    ['http://ollama.localhost:8080', true],
    ['http://127.0.0.1:8080/v1', true],
    ['http://127.45.3.2/', true],
    ['http://[::1]:8000/v1', true],
    ['http://[::ffff:127.0.0.1]/', true],
    ['http://192.168.1.10:11434/v1', false],
    ['http://10.0.0.2/v1', false],
    ['https://api.example.com/v1', false],
    ['http://localhost.example.com/', false],
    ['http://128.0.0.1/', false],
    ['not a url', false],
  ])('%s → %s', (url, local) => {
    expect(isLocalUrl(url)).toBe(local);
  });

  it('labels the engine as leaving the device unless the URL is local', () => {
    expect(new OpenAiEngine({ baseUrl: 'http://localhost:11434/v1' }).capabilities).toEqual({
      rawCompletion: false,
      promptCache: 'none',
      jsonSchema: true,
      leavesDevice: false,
    });
    expect(new OpenAiEngine({ baseUrl: 'https://gpu-box.lan/v1', rawCompletion: true }).capabilities).toMatchObject({
      leavesDevice: true,
      rawCompletion: true,
    });
  });
});
