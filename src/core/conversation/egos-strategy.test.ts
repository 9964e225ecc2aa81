import { beforeAll, describe, expect, it } from 'vitest';
import { loadQwenTokenizer } from '../../adapters/qwen-tokenizer/index.ts';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { newId, type MemoryId, type MessageId } from '../ids.ts';
import type { ChatTurn } from '../llm-engine.ts';
import type { Memory } from '../memory.ts';
import type { Message } from '../message.ts';
import { createPersona } from '../persona.ts';
import { planSummarization } from '../summarize/summary-policy.ts';
import type { TokenCounter } from '../token-counter.ts';
import type { EgosPrompt } from './build-egos-prompt.ts';
import { createEgosStrategy } from './egos-strategy.ts';
import { generateReply } from './generate-reply.ts';
import { addUserMessage, startChat } from './turn-actions.ts';

let counter: TokenCounter;
beforeAll(async () => {
  counter = await loadQwenTokenizer();
});

const persona = createPersona({ name: 'Ada', description: 'A mathematician in 1843 London.', greeting: 'Good evening.' }, newId(), 1);
const kvEngine = { reusesKvCache: true, rawCompletion: true };
const rawOnly = { reusesKvCache: false, rawCompletion: true };

async function chatWith(lines: string[]) {
  const repo = createMemoryRepository();
  let clock = 10;
  const now = () => ++clock;
  const { chat } = await startChat({ ...repo, now }, persona);
  for (const [i, line] of lines.entries()) {
    const at = now();
    const role = i % 2 === 0 ? 'user' : 'assistant';
    await repo.messages.put({ id: newId<MessageId>(), chatId: chat.id, seq: i + 1, role, text: line, status: 'complete', createdAt: at, updatedAt: at });
  }
  return { repo, now, chat };
}

function strategy(summaries: Memory[] = [], contextWindow = 4096, prompts: EgosPrompt[] = []) {
  return createEgosStrategy({ counter: async () => counter, summaries: async () => summaries, contextWindow, maxTokens: 256, onPrompt: (p) => prompts.push(p) });
}

describe('EGOS strategy through generateReply', () => {
  it('chat layout on a KV-reusing engine: quote-mode lines, clean reply, exact user line stored', async () => {
    const { repo, now, chat } = await chatWith([]);
    const user = await addUserMessage({ ...repo, now }, chat, 'What are you working on?');
    const engine = new ScriptedEngine([{ chunks: ['Ada: "', 'The notes on ', 'the Engine."'] }], { capabilities: kvEngine });
    const out = await generateReply(chat, persona, await repo.messages.listByChat(chat.id), { ...repo, engine, strategy: strategy(), now });
    const input = engine.requests[0]?.input as { kind: 'chat'; messages: ChatTurn[] };
    expect(input.kind).toBe('chat');
    expect(input.messages[0]?.role).toBe('system');
    expect(input.messages[0]?.content).toContain('Ada');
    expect(input.messages.at(-1)?.content).toContain('Me: "What are you working on?"');
    expect(out.message).toMatchObject({ text: 'The notes on the Engine.', raw: 'Ada: "The notes on the Engine."', status: 'complete' });
    expect((await repo.messages.get(user.id))?.raw).toBe(input.messages.at(-1)?.content);
  });

  it('re-sends earlier turns byte-identical on the next turn, so the KV cache can be reused', async () => {
    const { repo, now, chat } = await chatWith([]);
    const engine = new ScriptedEngine(['Ada: "First."', 'Ada: "Second."'], { capabilities: kvEngine });
    const s = strategy();
    await addUserMessage({ ...repo, now }, chat, 'One?');
    await generateReply(chat, persona, await repo.messages.listByChat(chat.id), { ...repo, engine, strategy: s, now });
    await addUserMessage({ ...repo, now }, chat, 'Two?');
    await generateReply(chat, persona, await repo.messages.listByChat(chat.id), { ...repo, engine, strategy: s, now });
    const [first, second] = engine.requests.map((r) => (r.input as { messages: ChatTurn[] }).messages);
    expect(second?.slice(0, first?.length)).toEqual(first);
    expect(second?.[first?.length ?? 0]).toEqual({ role: 'assistant', content: 'Ada: "First."' });
  });

  it('single layout on a raw-completion engine ends the prompt with the quote prefix and stops at the closing quote', async () => {
    const { repo, now, chat } = await chatWith([]);
    await addUserMessage({ ...repo, now }, chat, 'Hello?');
    const engine = new ScriptedEngine([{ chunks: ['Good ', 'day to you.'] }], { capabilities: rawOnly });
    const out = await generateReply(chat, persona, await repo.messages.listByChat(chat.id), { ...repo, engine, strategy: strategy(), now });
    const request = engine.requests[0];
    expect(request?.input.kind).toBe('prompt');
    expect((request?.input as { prompt: string }).prompt.endsWith('Ada: "')).toBe(true);
    expect(request?.stop).toContain('"');
    expect(out.message.text).toBe('Good day to you.');
  });

  it('leaves turns covered by a summary out of the prompt and puts the summary in', async () => {
    const { repo, now, chat } = await chatWith(['I keep bees.', 'How lovely.', 'Their hive is blue.', 'A blue hive!']);
    await addUserMessage({ ...repo, now }, chat, 'Remember my bees?');
    const summary: Memory = {
      id: newId<MemoryId>(), personaId: persona.id, chatId: chat.id, kind: 'summary', level: 0, range: { fromSeq: 0, toSeq: 2 },
      text: 'Topic: the user keeps bees.', importance: 5, pinned: false, createdAt: 1, updatedAt: 1, lastAccessedAt: 1, accessCount: 0,
    };
    const prompts: EgosPrompt[] = [];
    const engine = new ScriptedEngine(['Ada: "Yes."'], { capabilities: kvEngine });
    await generateReply(chat, persona, await repo.messages.listByChat(chat.id), { ...repo, engine, strategy: strategy([summary], 4096, prompts), now });
    const sent = JSON.stringify(engine.requests[0]?.input);
    expect(sent).toContain('the user keeps bees');
    expect(sent).not.toContain('I keep bees.');
    expect(sent).toContain('Their hive is blue.');
    expect(prompts[0]?.sentSeqs).toEqual([3, 4, 5]);
  });

  it('drops the oldest turns from this prompt only when they overflow a small context window', async () => {
    const long = 'The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves. '.repeat(6);
    const { repo, now, chat } = await chatWith(Array.from({ length: 20 }, (_, i) => `${i}: ${long}`));
    await addUserMessage({ ...repo, now }, chat, 'And then?');
    const prompts: EgosPrompt[] = [];
    const engine = new ScriptedEngine(['Ada: "Then we wait."'], { capabilities: kvEngine });
    await generateReply(chat, persona, await repo.messages.listByChat(chat.id), { ...repo, engine, strategy: strategy([], 1500, prompts), now });
    const prompt = prompts[0];
    expect(prompt?.droppedTurns).toBeGreaterThan(0);
    expect(prompt?.plan.plan.fits).toBe(true);
    expect(prompt?.sentSeqs.at(-1)).toBe(21);
    expect((await repo.messages.listByChat(chat.id)).length).toBe(23);
    const all = await repo.messages.listByChat(chat.id);
    const plan = planSummarization({ messages: all, summaries: [], counter, budgetTokens: prompt?.historyBudget ?? 0, measureTurn: (m) => prompt?.turnCost.get(m.seq) ?? 0 });
    expect(plan.kind).toBe('turns');
  });

  it('continue and impersonate prompts fit a small window too: oldest turns left out, the open line kept, no onPrompt', async () => {
    const long = 'The Analytical Engine weaves algebraic patterns just as the Jacquard loom weaves flowers and leaves. '.repeat(6);
    const { repo, chat } = await chatWith(Array.from({ length: 22 }, (_, i) => `${i}: ${long}`));
    const history = await repo.messages.listByChat(chat.id);
    const prompts: EgosPrompt[] = [];
    const s = strategy([], 1500, prompts);
    const engine = { capabilities: { ...rawOnly, jsonSchema: false, leavesDevice: false }, modelId: 'Qwen3-1.7B-q4f16_1-MLC' };
    for (const prepared of [await s.prepareContinue(persona, history, engine), await s.prepareImpersonate(persona, history, engine)]) {
      const input = prepared.request.input;
      if (input.kind !== 'prompt') throw new Error('expected a raw prompt');
      expect(counter.count(input.prompt)).toBeLessThanOrEqual(1500 - 256);
      expect(input.prompt).not.toContain('"0: The Analytical');
    }
    const continued = await s.prepareContinue(persona, history, engine);
    expect((continued.request.input as { prompt: string }).prompt.endsWith(`</think>\n\nAda: "21: ${long}`)).toBe(true);
    expect(continued.parse('More.', 'stop')).toMatchObject({ text: `21: ${long}More.`, raw: `Ada: "21: ${long}More."` });
    expect(prompts).toEqual([]);
  });
});
