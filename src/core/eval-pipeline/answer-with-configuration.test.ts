import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { createPromptStrategy, replyFormOf } from '../prompt/build.ts';
import type { InterviewExchange } from '../eval/conduct-interview.ts';
import { FULL_FLAGS, type PromptFlags } from '../eval/configurations.ts';
import { composerPersona } from '../eval/test-fixtures.ts';
import type { ChatTurn, CompletionRequest } from '../llm-engine.ts';
import { renderPersonaCore } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { answerWithConfiguration, type ConfigurationInput } from './answer-with-configuration.ts';
import { interviewMessages } from './interview-messages.ts';
import type { NotesProvider } from './turn-notes.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const persona = composerPersona({
  sampleDialogues: 'Ludwig: "The rain again. Muss es sein?"',
  style: { replyLength: 0, formality: 2, emotionalIntensity: 2, humour: 0, initiative: 1, warmth: 1, emoji: 0, catchphraseFrequency: 2, narration: 1 },
  behaviours: {
    catchphrases: ['Muss es sein?'],
    dialect: '',
    speakingStyle: 'Blunt',
    frequentWords: [],
    personality: 'Stormy and proud',
    emotionalExpression: 'Loud',
    interactionPatterns: '',
  },
});
const chatEngine = { promptCache: 'chat' as const, rawCompletion: true };
const rawOnly = { promptCache: 'none' as const, rawCompletion: true };
const history: InterviewExchange[] = [{ question: 'My cat is Miso.', answer: 'A cat? Fine.', followUp: false, dodged: false }];
const notes: NotesProvider = async () => ({ memories: ['The user keeps a cat.'], exemplars: ['Ludwig: "Silence! I am composing."'] });

function flags(off: Partial<PromptFlags> = {}): PromptFlags {
  return { ...FULL_FLAGS, ...off };
}

async function answer(engine: ScriptedEngine, f: PromptFlags, extra: Partial<Omit<ConfigurationInput, 'engine'>> & { signal?: AbortSignal } = {}) {
  const reply = await answerWithConfiguration({
    persona,
    history,
    question: 'What is my cat called?',
    flags: f,
    engine,
    counter,
    contextWindow: 4096,
    notes,
    ...extra,
  });
  return { reply, request: engine.requests.at(-1) as CompletionRequest };
}

function messages(request: CompletionRequest): ChatTurn[] {
  if (request.input.kind !== 'chat') throw new Error('expected a chat request');
  return request.input.messages;
}

const system = (request: CompletionRequest): string => messages(request)[0]?.content ?? '';

describe('answerWithConfiguration', () => {
  it('with every flag on sends exactly the request the chat sends for the same conversation', async () => {
    const engine = await loadModel(new ScriptedEngine(['Ludwig: "Miso, of course."'], { capabilities: chatEngine }));
    const { reply, request } = await answer(engine, flags());
    const chat = createPromptStrategy({
      counter: async () => counter,
      summaries: async () => [],
      form: (p) => replyFormOf(p),
      notes: async (p, h, examplesInPrompt) => Object.values(await notes(p, h, { form: replyFormOf(p), examplesInPrompt })).flat(),
      contextWindow: 4096,
      maxTokens: 320,
    });
    const prepared = await chat.prepare(persona, interviewMessages(history, 'What is my cat called?'), {
      capabilities: engine.capabilities,
      modelId: 'qwen2.5-3b',
      thinking: false,
    });
    expect(request).toEqual(prepared.request);
    expect(reply).toEqual({ text: 'Miso, of course.', closedQuote: true, tokens: 16, memories: ['The user keeps a cat.'] });
  });

  it('on a raw-completion engine uses the single layout: prompt ends in the quote prefix, reply stops at the closing quote', async () => {
    const engine = new ScriptedEngine([{ chunks: ['Miso', '." He', ' turns away.'] }, { chunks: ['It never ends'], finishReason: 'length' }], {
      capabilities: rawOnly,
    });
    const first = await answer(engine, flags());
    expect(first.request.input.kind).toBe('prompt');
    expect((first.request.input as { prompt: string }).prompt.endsWith('Ludwig: "')).toBe(true);
    expect(first.request.stop).toEqual(['\nMe:', '\nMe：']);
    expect(first.reply).toMatchObject({ text: 'Miso.', closedQuote: true });
    const cut = await answer(engine, flags());
    expect(cut.reply).toMatchObject({ text: 'It never ends', closedQuote: false });
  });

  it('quote mode off: plain chat prompt, persona core alone as system, bare turns, reply as generated', async () => {
    const engine = new ScriptedEngine(['<think>\n\n</think>\n\nAs an AI language model, I do not own a cat.'], { capabilities: chatEngine });
    const { reply, request } = await answer(engine, flags({ quoteMode: false }));
    const list = messages(request);
    expect(system(request)).toBe(renderPersonaCore(persona));
    expect(system(request)).not.toContain('[Rules]');
    expect(system(request)).not.toContain('[Task]');
    expect(list.slice(1, 3)).toEqual([
      { role: 'user', content: 'My cat is Miso.' },
      { role: 'assistant', content: 'A cat? Fine.' },
    ]);
    expect(list.at(-1)?.content.endsWith('\n\nWhat is my cat called?')).toBe(true);
    expect(JSON.stringify(list)).not.toContain('Me: "');
    expect(request.stop).toEqual([]);
    expect(reply).toEqual({ text: 'As an AI language model, I do not own a cat.', tokens: 44, memories: ['The user keeps a cat.'] });
    expect(reply.closedQuote).toBeUndefined();
  });

  it('extract off: the raw material replaces the structured core; quote-mode rules stay', async () => {
    const engine = new ScriptedEngine(['Ludwig: "Miso."', 'Ludwig: "Miso."'], { capabilities: chatEngine });
    const full = system((await answer(engine, flags())).request);
    const raw = system((await answer(engine, flags({ extract: false }))).request);
    expect(full).toContain('Composer and pianist');
    expect(raw).not.toContain('Composer and pianist');
    expect(raw.startsWith('A stubborn, passionate composer in Vienna.\n\nStormy and proud\n\nLudwig: "The rain again. Muss es sein?"')).toBe(true);
    expect(raw).toContain('[Rules]');
  });

  it('style controls off: only the style instructions leave the system prompt', async () => {
    const engine = new ScriptedEngine(['Ludwig: "Miso."', 'Ludwig: "Miso."'], { capabilities: chatEngine });
    const full = system((await answer(engine, flags())).request);
    const plain = system((await answer(engine, flags({ styleControls: false }))).request);
    expect(full).toContain('## Reply style');
    expect(plain).not.toContain('## Reply style');
    const withoutStyle = full.replace(/\n\n## Reply style\n[\s\S]*?(?=\n\n## Example dialogue)/, '');
    expect(plain).toBe(withoutStyle);
  });

  it('exemplars off drops the sample dialogues and exemplar notes; memory off drops retrieved memories', async () => {
    const engine = new ScriptedEngine(() => 'Ludwig: "Miso."', { capabilities: chatEngine });
    const withAll = await answer(engine, flags());
    const full = withAll.request;
    const noExemplars = (await answer(engine, flags({ exemplars: false }))).request;
    const memoryOff = await answer(engine, flags({ memory: false }));
    const noMemory = memoryOff.request;
    // The answer names the memories its prompt carried (correctness checks it against them); none with memory off.
    expect(withAll.reply.memories).toEqual(['The user keeps a cat.']);
    expect(memoryOff.reply.memories).toBeUndefined();
    const lastUser = (r: CompletionRequest) => messages(r).at(-1)?.content ?? '';
    expect(system(full)).toContain('The rain again');
    expect(lastUser(full)).toContain('- The user keeps a cat.\n- Ludwig: "Silence! I am composing."');
    expect(system(noExemplars)).not.toContain('The rain again');
    expect(lastUser(noExemplars)).toContain('The user keeps a cat.');
    expect(lastUser(noExemplars)).not.toContain('Silence!');
    expect(system(noMemory)).toBe(system(full));
    expect(lastUser(noMemory)).not.toContain('keeps a cat');
    expect(lastUser(noMemory)).toContain('Silence!');
  });

  it('asks for no notes when memory and exemplars are both off', async () => {
    let calls = 0;
    const counting: NotesProvider = async (p, h, t) => (calls++, notes(p, h, t));
    const engine = new ScriptedEngine(['Ludwig: "Miso."'], { capabilities: chatEngine });
    const { request } = await answer(engine, flags({ memory: false, exemplars: false }), { notes: counting });
    expect(calls).toBe(0);
    expect(messages(request).at(-1)?.content).toBe('Me: "What is my cat called?"');
  });

  it('rejects with the abort reason when cancelled mid-answer', async () => {
    const controller = new AbortController();
    const engine = new ScriptedEngine([{ chunks: ['Ludwig: "Mi', 'so."'], delayMs: 5 }], { capabilities: chatEngine });
    const pending = answer(engine, flags(), { signal: controller.signal });
    controller.abort(new Error('user cancelled'));
    await expect(pending).rejects.toThrow('user cancelled');
  });
});

async function loadModel(engine: ScriptedEngine): Promise<ScriptedEngine> {
  await engine.load('qwen2.5-3b');
  return engine;
}

describe('answerWithConfiguration: the format metric follows the reply form', () => {
  const scene = { ...persona, replyForm: 'scene' as const };
  const ask = (engine: ScriptedEngine) =>
    answerWithConfiguration({ persona: scene, history: [], question: 'Where were you?', flags: FULL_FLAGS, engine, counter, contextWindow: 4096 });

  it('a scene that ends its own turn kept its form, prose and quotes shown whole', async () => {
    const reply = await ask(new ScriptedEngine(['Ludwig: *He slams the lid.* "At the piano." *He sighs.* "Where else?"'], { capabilities: chatEngine }));
    expect(reply).toMatchObject({ text: '*He slams the lid.* "At the piano." *He sighs.* "Where else?"', closedQuote: true });
  });

  it("a scene that runs into the user's line did not", async () => {
    const reply = await ask(new ScriptedEngine(['Ludwig: "At the piano."\nMe: "Really?"'], { capabilities: chatEngine }));
    expect(reply).toMatchObject({ text: '"At the piano."', closedQuote: false });
  });
});
