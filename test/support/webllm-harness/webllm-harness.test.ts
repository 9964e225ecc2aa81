/**
 * Contract tests: what @mlc-ai/web-llm 0.2.86 really does, run on the library's own code through
 * the harness (real engine, pipeline, conversation and worker protocol; fake GPU; real Qwen
 * tokenizer; scripted model). Each `describe` is one fact the app's WebLLM adapter relies on.
 */
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionRequestStreaming, MLCEngineInterface } from '@mlc-ai/web-llm';
import { describe, expect, it } from 'vitest';
import { assertPinnedWebLlm, chatMl, createWebLlmHarness, PINNED_WEBLLM, QWEN_TOKENS, type Script, type WebLlmHarnessOptions } from './webllm-harness.ts';

const QWEN25 = 'Qwen2.5-0.5B-Instruct-q4f16_1-MLC';
const QWEN3 = 'Qwen3-0.6B-q4f16_1-MLC';
const THINK = '<think>\n\n</think>\n\n';

async function loaded(script: Script, model = QWEN25, options: WebLlmHarnessOptions = {}) {
  const harness = await createWebLlmHarness({ script, ...options });
  const engine = await harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), model);
  return { harness, engine };
}

/** Streams a chat completion and collects what the client receives. */
async function chat(engine: MLCEngineInterface, messages: ChatCompletionMessageParam[], extra: Partial<ChatCompletionRequestStreaming> = {}) {
  const chunks = await engine.chat.completions.create({ stream: true, stream_options: { include_usage: true }, messages, ...extra });
  return collect(chunks);
}

async function collect(chunks: AsyncIterable<ChatCompletionChunk>) {
  const deltas: string[] = [];
  let finish: string | null | undefined;
  let usage: ChatCompletionChunk['usage'];
  for await (const chunk of chunks) {
    const choice = chunk.choices[0];
    if (choice?.delta.content) deltas.push(choice.delta.content);
    if (choice?.finish_reason) finish = choice.finish_reason;
    if (chunk.usage) usage = chunk.usage;
  }
  return { text: deltas.join(''), deltas, finish, usage };
}

const sys = { role: 'system', content: 'You are Mira.' } as const;
const u1 = { role: 'user', content: 'Hello.' } as const;
const u2 = { role: 'user', content: 'How are you?' } as const;
const u3 = { role: 'user', content: 'Bye.' } as const;
const assistant = (content: string) => ({ role: 'assistant', content }) as const;

describe('the harness', () => {
  it('refuses to run against another build of the library, saying the contract tests must be re-read', () => {
    expect(() => assertPinnedWebLlm(PINNED_WEBLLM.version, PINNED_WEBLLM.sha256)).not.toThrow();
    expect(() => assertPinnedWebLlm('0.2.87', PINNED_WEBLLM.sha256)).toThrow(/library changed.*re-read against the new code/s);
    expect(() => assertPinnedWebLlm(PINNED_WEBLLM.version, '0'.repeat(64))).toThrow(/@mlc-ai\/web-llm changed/);
  });

  it('loads through the real progress path and records what a reply forwarded into the KV cache', async () => {
    const harness = await createWebLlmHarness({ script: ['Hi, traveller.'] });
    const texts: string[] = [];
    const engine = await harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), QWEN25, { initProgressCallback: (r) => texts.push(r.text) });
    expect(texts[0]).toBe('Start to fetch params');
    expect(texts).toContainEqual(expect.stringMatching(/^Fetching param cache\[1\/4\]: \d+MB fetched\. 25% completed/));
    expect(texts).toContainEqual(expect.stringMatching(/^Loading GPU shader modules\[3\/3\]: 100% completed/));
    expect(texts.at(-1)).toBe('Finish loading on WebGPU - harness');

    const reply = await chat(engine, [sys, u1]);
    expect(reply).toMatchObject({ text: 'Hi, traveller.', finish: 'stop' });
    expect(harness.calls).toEqual([
      expect.objectContaining({
        mode: 'chat',
        reusedKv: false,
        prefilledText: chatMl([sys, u1]),
        output: 'Hi, traveller.',
        finishReason: 'stop',
        sampledTokens: [...harness.tokens('Hi, traveller.'), QWEN_TOKENS.imEnd],
        storedConversation: [sys, u1, assistant('Hi, traveller.')],
      }),
    ]);
    // Everything sampled is forwarded except the stop token.
    expect(harness.kvText()).toBe(`${chatMl([sys, u1])}Hi, traveller.`);
  });

  it('carries errors across the worker as err.toString() strings, like the real handler', async () => {
    const harness = await createWebLlmHarness({ script: ['x'] });
    const engine = await harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), QWEN25, {}, { context_window_size: 16 });
    const chunks = await engine.chat.completions.create({ stream: true, messages: [sys, { role: 'user', content: 'word '.repeat(40) }] });
    const error = await collect(chunks).catch((e: unknown) => e);
    expect(typeof error).toBe('string');
    expect(error).toMatch(/^ContextWindowSizeExceededError: Prompt tokens exceed context window size: number of prompt tokens: \d+; context window size: 16/);
    expect(harness.calls[0]?.error).toMatch(/^ContextWindowSizeExceededError/);

    const unknown = await harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), 'no-such-model').catch((e: unknown) => e);
    expect(unknown).toBe(new harness.library.ModelNotFoundError('no-such-model').toString());
  });

  it('injects load failures as the library raises them', async () => {
    const harness = await createWebLlmHarness();
    harness.faults.failNextLoad(new TypeError("Failed to execute 'add' on 'Cache': Request failed"));
    await expect(harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), QWEN25)).rejects.toBe(
      "TypeError: Failed to execute 'add' on 'Cache': Request failed",
    );
    harness.faults.failNextLoad(new harness.library.WebGPUNotAvailableError());
    await expect(harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), QWEN25)).rejects.toMatch(/^WebGPUNotAvailableError: WebGPU is not supported/);
    await expect(harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), QWEN25)).resolves.toBeDefined();
  });

  it('can make the worker never answer a message kind', async () => {
    const { harness, engine } = await loaded([]);
    harness.faults.silence('unload');
    const outcome = await Promise.race([engine.unload().then(() => 'answered'), new Promise((resolve) => setTimeout(() => resolve('no answer'), 50))]);
    expect(outcome).toBe('no answer');
    expect(harness.workers[0]?.sent).toContain('unload');
  });

  it('also runs an in-process MLCEngine (no worker), where errors stay Error instances', async () => {
    const harness = await createWebLlmHarness({ script: ['Fine.'] });
    const engine = harness.createEngine();
    await engine.reload(QWEN25);
    const reply = await engine.completion({ prompt: chatMl([sys, u1]), max_tokens: 10 });
    expect(reply.choices[0]).toMatchObject({ text: 'Fine.', finish_reason: 'stop' });
    expect(harness.calls[0]).toMatchObject({ mode: 'completion', prefilledText: chatMl([sys, u1]) });
    const error = await engine.chat.completions.create({ messages: [sys, u1, assistant('x')] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(harness.library.MessageOrderError);
  });

  it('loads a self-hosted record sent with the app config, with its overrides over the fixture mlc-chat-config', async () => {
    const harness = await createWebLlmHarness({ script: ['ok'] });
    const appConfig = {
      model_list: [
        { model: 'https://models.example/q', model_id: 'my-qwen3', model_lib: 'https://models.example/q.wasm', overrides: { context_window_size: 2048 } },
      ],
    };
    const engine = await harness.library.CreateWebWorkerMLCEngine(harness.createWorker(), 'my-qwen3', { appConfig });
    const chunks = await engine.chat.completions.create({ stream: true, messages: [sys, { role: 'user', content: 'word '.repeat(2100) }] });
    await expect(collect(chunks)).rejects.toMatch(/context window size: 2048/);
  });
});

describe('extra_body.enable_thinking === false', () => {
  it('adds <think>\\n\\n</think>\\n\\n to the prompt and to the output, even for a Qwen2.5 id', async () => {
    const { harness, engine } = await loaded(['Hello!']);
    const reply = await chat(engine, [sys, u1], { extra_body: { enable_thinking: false } });
    expect(harness.calls[0]?.prefilledText).toBe(`${chatMl([sys, u1])}${THINK}`);
    expect(reply.text).toBe(`${THINK}Hello!`);
    expect(harness.calls[0]?.storedConversation.at(-1)).toEqual(assistant(`${THINK}Hello!`));
  });

  it('leaves both alone when it is not set', async () => {
    const { harness, engine } = await loaded(['Hello!'], QWEN3);
    const reply = await chat(engine, [sys, u1]);
    expect(harness.calls[0]?.prefilledText).toBe(chatMl([sys, u1]));
    expect(reply.text).toBe('Hello!');
  });

  it('counts the think block against max_tokens but not in completion_tokens', async () => {
    const { harness, engine } = await loaded(['one two three four five six seven'], QWEN3);
    const thinkTokens = harness.tokens(THINK).length;
    expect(thinkTokens).toBe(4);
    const reply = await chat(engine, [sys, u1], { max_tokens: 6, extra_body: { enable_thinking: false } });
    expect(reply.finish).toBe('length');
    expect(reply.text).toBe(`${THINK}one two`);
    expect(reply.usage?.completion_tokens).toBe(2);
  });
});

describe('stop strings', () => {
  it('stream every token of a multi-token stop but the last, while the stored message is cut before it', async () => {
    const { harness, engine } = await loaded(['Sure.\nMe: go on']);
    const tokens = harness.tokens('Sure.\nMe: go on');
    expect(tokens).toHaveLength(6); // Sure | .\n | Me | : |  go |  on: the stop spans .\n, Me and :
    const reply = await chat(engine, [sys, u1], { stop: ['\nMe:'] });
    expect(reply.finish).toBe('stop');
    expect(reply.text).toBe('Sure.\nMe');
    expect(await engine.getMessage()).toBe('Sure.');
    expect(harness.calls[0]?.storedConversation.at(-1)).toEqual(assistant('Sure.'));
    // Every sampled token but the last was forwarded: the KV cache holds text the stored conversation does not.
    expect(harness.calls[0]?.sampledTokens).toEqual(tokens.slice(0, 4));
    expect(harness.kvText()).toBe(`${chatMl([sys, u1])}Sure.\nMe`);
  });

  it("keep text that shares the stop's last token: streamed and stored, but never forwarded", async () => {
    const { harness, engine } = await loaded(['Sure."\nMe: go']);
    const reply = await chat(engine, [sys, u1], { stop: ['"'] });
    expect(reply.deltas).toEqual(['Sure', '.']); // Sure | ."\n: the cut leaves "." of the last token
    expect(await engine.getMessage()).toBe('Sure.');
    expect(harness.kvText()).toBe(`${chatMl([sys, u1])}Sure`);
  });

  it('end a reply on the end-of-turn token with an empty last delta', async () => {
    const { engine } = await loaded(['Sure.']);
    const chunks = await engine.chat.completions.create({ stream: true, messages: [sys, u1] });
    const contents: Array<string | null | undefined> = [];
    for await (const chunk of chunks) if (chunk.choices[0] && !chunk.choices[0].finish_reason) contents.push(chunk.choices[0].delta.content);
    expect(contents).toEqual(['Sure', '.', '']);
  });
});

describe('KV-cache reuse (preparePrefillInput)', () => {
  it('reuses the cache only when messages[:-1] equal the stored conversation', async () => {
    const { harness, engine } = await loaded(['Hi.', 'Well.', 'Bye.', 'Again.']);
    await chat(engine, [sys, u1]);
    await chat(engine, [sys, u1, assistant('Hi.'), u2]);
    // The previous reply post-processed (trimmed) → full prefill.
    await chat(engine, [sys, u1, assistant('Hi.'), u2, assistant('Well'), u3]);
    // A changed system prompt → full prefill.
    await chat(engine, [{ role: 'system', content: 'You are Mira!' }, u1, assistant('Hi.'), u2, assistant('Well.'), u3]);
    expect(harness.calls.map((c) => c.reusedKv)).toEqual([false, true, false, false]);
    expect(harness.resets).toBe(3);
  });

  it('does not reuse after a reply cut by max_tokens or aborted, even when it is sent back verbatim', async () => {
    const { harness, engine } = await loaded(['A long reply that goes on', 'Next.', { text: 'Stopped halfway through the thought', eos: false }, 'Last.']);
    const cut = await chat(engine, [sys, u1], { max_tokens: 3 });
    expect(cut.finish).toBe('length');
    await chat(engine, [sys, u1, assistant(cut.text), u2]);

    const chunks = await engine.chat.completions.create({ stream: true, messages: [sys, u1, assistant(cut.text), u2, assistant('Next.'), u3] });
    const deltas: string[] = [];
    let finish: string | null = null;
    for await (const chunk of chunks) {
      deltas.push(chunk.choices[0]?.delta.content ?? '');
      if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      if (deltas.length === 2) engine.interruptGenerate();
    }
    expect(finish).toBe('abort');
    await chat(engine, [sys, u1, assistant(cut.text), u2, assistant('Next.'), u3, assistant(deltas.join('')), u1]);
    expect(harness.calls.map((c) => [c.finishReason, c.reusedKv])).toEqual([
      ['length', false],
      ['stop', false],
      ['abort', true],
      ['stop', false],
    ]);
  });

  it('is replaced by any other chat call, and a raw completion always resets', async () => {
    const { harness, engine } = await loaded(['Hi.', '{"mood":"calm"}', 'Fine.', 'a', 'b']);
    await chat(engine, [sys, u1]);
    await chat(engine, [
      { role: 'system', content: 'Return JSON.' },
      { role: 'user', content: 'Mood of: Hello.' },
    ]);
    await chat(engine, [sys, u1, assistant('Hi.'), u2]);
    expect(harness.calls.map((c) => c.reusedKv)).toEqual([false, false, false]);

    const prompt = chatMl([sys, u1]);
    for (const p of [prompt, `${prompt}a<|im_end|>\n<|im_start|>user\nMore.<|im_end|>\n<|im_start|>assistant\n`]) {
      const chunks = await engine.completions.create({ stream: true, prompt: p, stop: ['"'] });
      for await (const _ of chunks);
    }
    const raw = harness.calls.slice(3);
    expect(raw.map((c) => [c.mode, c.reusedKv, c.prefilledText])).toEqual([
      ['completion', false, prompt],
      ['completion', false, `${prompt}a<|im_end|>\n<|im_start|>user\nMore.<|im_end|>\n<|im_start|>assistant\n`],
    ]);
    expect(harness.storedConversation()).toEqual([]);
  });

  it('reports in usage.prompt_tokens only the tokens prefilled by this call', async () => {
    const { harness, engine } = await loaded(['Hi.', 'Well.']);
    const first = await chat(engine, [sys, u1]);
    const second = await chat(engine, [sys, u1, assistant('Hi.'), u2]);
    expect(first.usage?.prompt_tokens).toBe(harness.tokens(chatMl([sys, u1])).length);
    expect(second.usage?.prompt_tokens).toBe(harness.calls[1]?.prefilledTokens);
    expect(second.usage?.prompt_tokens).toBe(harness.tokens(chatMl([u2])).length);
    expect(second.usage?.prompt_tokens).toBeLessThan(harness.tokens(chatMl([sys, u1, assistant('Hi.'), u2])).length);
  });

  it("never forwards the previous reply's <|im_end|>: the reused turn's prefill starts at <|im_start|>user", async () => {
    const { harness, engine } = await loaded(['Hi.', 'Well.']);
    await chat(engine, [sys, u1]);
    await chat(engine, [sys, u1, assistant('Hi.'), u2]);
    expect(harness.calls[1]?.prefilledText).toBe('<|im_start|>user\nHow are you?<|im_end|>\n<|im_start|>assistant\n');
    expect(harness.kvText()).toBe(`${chatMl([sys, u1])}Hi.${chatMl([u2])}Well.`);
    // A full prefill of the same messages would have had the separator.
    expect(chatMl([sys, u1, assistant('Hi.'), u2])).toContain('Hi.<|im_end|>\n<|im_start|>user');
  });
});

describe('interruptGenerate', () => {
  it('is lost when sent before the generator starts: the flag is cleared on the first next()', async () => {
    const { harness, engine } = await loaded(['A full reply.']);
    const chunks = await engine.chat.completions.create({ stream: true, messages: [sys, u1] });
    engine.interruptGenerate();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const reply = await collect(chunks);
    expect(reply).toMatchObject({ text: 'A full reply.', finish: 'stop' });
    expect(harness.calls[0]?.finishReason).toBe('stop');
  });

  it('ends a running reply with finish_reason abort, and the partial reply is stored', async () => {
    const { harness, engine } = await loaded([{ text: 'one two three four five', eos: false }]);
    const chunks = await engine.chat.completions.create({ stream: true, messages: [sys, u1] });
    let text = '';
    let finish: string | null = null;
    for await (const chunk of chunks) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.choices[0]?.finish_reason) finish = chunk.choices[0].finish_reason;
      if (text === 'one') engine.interruptGenerate();
    }
    // The interrupt reaches the worker before the request for the next chunk: nothing more is decoded.
    expect(finish).toBe('abort');
    expect(text).toBe('one');
    expect(harness.storedConversation().at(-1)).toEqual(assistant('one'));
  });
});

describe('a device lost after loading', () => {
  it('unloads the engine; later calls throw ModelNotLoadedError and the handler does not reload', async () => {
    const { harness, engine } = await loaded(['Hi.', 'Again.']);
    await chat(engine, [sys, u1]);
    await harness.faults.loseDevice();
    const error = await engine.chat.completions.create({ stream: true, messages: [sys, u1] }).catch((e: unknown) => e);
    expect(error).toBe(new harness.library.ModelNotLoadedError('ChatCompletionRequest').toString());
    await expect(engine.getMessage()).rejects.toMatch(/^ModelNotLoadedError:/);
    expect(harness.calls).toHaveLength(1);
  });
});

describe('a background call (JSON schema) replaces the conversation the engine holds', () => {
  it('so the next reply cannot reuse the cache, unless it repeats that call', async () => {
    const { harness, engine } = await loaded(['Fine, thanks.', '{"mood":"calm"}', 'Good night.']);
    await chat(engine, [sys, u1]);
    const schema = JSON.stringify({ type: 'object', properties: { mood: { type: 'string' } } });
    const json = await chat(
      engine,
      [
        { role: 'system', content: 'Rate the mood.' },
        { role: 'user', content: 'Hello. / Fine, thanks.' },
      ],
      { response_format: { type: 'json_object', schema } },
    );
    expect(json.text).toBe('{"mood":"calm"}');
    await chat(engine, [sys, u1, assistant('Fine, thanks.'), u3]);
    expect(harness.calls.map((c) => c.reusedKv)).toEqual([false, false, false]);
    expect(harness.resets).toBe(3);
  });
});
