import { describe, expect, it } from 'vitest';
import { EngineError } from '../../core/errors/index.ts';
import { parseCustomModelInput } from '../../core/models/custom-model.ts';
import { checkCustomModelFiles, webLlmThinkingModels } from './webllm-models.ts';

const spec = parseCustomModelInput(
  { id: 'my-qwen3-1.7B-q4f16_1-MLC', modelUrl: 'https://models.example/qwen3', libUrl: 'https://models.example/qwen3.wasm' },
  'https://egos.example/',
);
const base = 'https://models.example/qwen3/resolve/main/';

/** A fake server: path → response, everything else 404; records the requests. */
function server(files: Record<string, () => Response>) {
  const seen: string[] = [];
  const fetcher = async (url: string, init?: RequestInit) => {
    seen.push(`${init?.method ?? 'GET'} ${url}`);
    const make = files[url];
    return make ? make() : new Response('missing', { status: 404 });
  };
  return { fetcher, seen };
}

const complete = {
  [`${base}mlc-chat-config.json`]: () => Response.json({ model_type: 'qwen3', quantization: 'q4f16_1', context_window_size: 8192 }),
  [`${base}tensor-cache.json`]: () => Response.json({ records: [{ nbytes: 600_000_000 }, { nbytes: 380_000_000 }] }),
  'https://models.example/qwen3.wasm': () => new Response(null, { status: 200 }),
};

describe('checkCustomModelFiles', () => {
  it('reads config and weight list where WebLLM will look, and checks the library', async () => {
    const { fetcher, seen } = server(complete);
    const checked = await checkCustomModelFiles(spec, fetcher);
    expect(checked).toMatchObject({ checked: true, contextWindow: 8192, quantization: 'q4f16_1', thinking: true, downloadBytes: 980_000_000 });
    expect(seen).toEqual([`GET ${base}mlc-chat-config.json`, `GET ${base}tensor-cache.json`, 'HEAD https://models.example/qwen3.wasm']);
  });

  it('names the missing file and the URL it tried', async () => {
    const { fetcher } = server({ ...complete, [`${base}tensor-cache.json`]: () => new Response('no', { status: 404 }) });
    const error = await checkCustomModelFiles(spec, fetcher).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).code).toBe('model-not-found');
    expect((error as EngineError).message).toContain(`tensor-cache.json) was not found at ${base}tensor-cache.json (404)`);
  });

  it('explains an unreachable server (offline, CORS) and a file that is not JSON', async () => {
    const offline = async () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(checkCustomModelFiles(spec, offline)).rejects.toThrow(/Could not reach .*CORS/);
    const { fetcher } = server({ ...complete, [`${base}mlc-chat-config.json`]: () => new Response('<html>') });
    await expect(checkCustomModelFiles(spec, fetcher)).rejects.toThrow(/not valid JSON/);
  });

  it('falls back to GET when the server refuses HEAD for the library', async () => {
    const { fetcher, seen } = server({
      ...complete,
      'https://models.example/qwen3.wasm': () =>
        new Response(seen.at(-1)?.startsWith('HEAD') ? null : 'wasm', { status: seen.at(-1)?.startsWith('HEAD') ? 405 : 200 }),
    });
    await expect(checkCustomModelFiles(spec, fetcher)).resolves.toMatchObject({ checked: true });
    expect(seen.slice(-2)).toEqual(['HEAD https://models.example/qwen3.wasm', 'GET https://models.example/qwen3.wasm']);
  });
});

describe('webLlmThinkingModels', () => {
  it("takes a self-hosted model's thinking mode from its checked config, and a prebuilt one's from its id", async () => {
    const { fetcher } = server({ ...complete, [`${base}mlc-chat-config.json`]: () => Response.json({ model_type: 'qwen2', context_window_size: 32768 }) });
    const qwen25Named3 = await checkCustomModelFiles(spec, fetcher);
    expect(qwen25Named3.thinking).toBe(false);
    const thinks = webLlmThinkingModels([qwen25Named3]);
    expect(thinks(spec.id)).toBe(false);
    expect(thinks('Qwen3-1.7B-q4f16_1-MLC')).toBe(true);
    expect(thinks('Qwen2.5-1.5B-Instruct-q4f16_1-MLC')).toBe(false);
    expect(webLlmThinkingModels([{ ...spec, checked: false }])(spec.id)).toBe(true);
  });
});
