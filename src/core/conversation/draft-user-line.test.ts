import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError } from '../errors/index.ts';
import { newId, type MessageId } from '../ids.ts';
import type { ChatTurn } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import { createPersona, type Persona } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { draftUserLine } from './draft-user-line.ts';
import { createPromptStrategy, replyFormOf } from '../prompt/build.ts';
import { startChat } from './turn-actions.ts';
import { msg } from '../i18n/message.ts';

const chars: TokenCounter = { id: 'chars', count: (t) => t.length };
const strategy = createPromptStrategy({
  counter: async () => chars,
  summaries: async () => [],
  form: (p) => replyFormOf(p),
  contextWindow: 8192,
  maxTokens: 200,
});
const ada = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening. What brings you here?' }, newId(), 1);

async function opened(persona: Persona) {
  const repo = createMemoryRepository();
  const { messages } = await startChat({ ...repo, now: () => 1 }, persona);
  repo.messageWrites.length = 0;
  return { repo, history: messages };
}

function promptOf(engine: ScriptedEngine): string {
  const input = engine.requests[0]?.input;
  if (input?.kind !== 'prompt') throw new Error('expected a raw prompt');
  return input.prompt;
}

describe('draftUserLine', () => {
  it("prefills the user's open line on a raw engine and returns the clean line, storing nothing", async () => {
    const { repo, history } = await opened(ada);
    const engine = new ScriptedEngine([{ chunks: ['(bows) ', 'I came to see', ' the Engine."', ' He looks around.'] }], {
      capabilities: { rawCompletion: true },
    });
    const deltas: string[] = [];
    const out = await draftUserLine(ada, history, { engine, strategy, onDelta: (t) => deltas.push(t) });
    expect(out).toEqual({ text: '*bows* I came to see the Engine.' });
    expect(deltas.at(-1)).toBe('*bows* I came to see the Engine.');
    expect(deltas.every((d) => !d.includes('"'))).toBe(true);
    expect(promptOf(engine).endsWith('<|im_start|>assistant\nMe: "')).toBe(true);
    expect(promptOf(engine)).toContain('Ada: "Good evening. What brings you here?"\n<|im_end|>');
    // The line ends at its closing quote through the reader (the engine is stopped there); only the character's turn is a stop string.
    expect(engine.requests[0]?.stop).toEqual(['\nAda:', '\nAda：']);
    expect(repo.messageWrites).toEqual([]);
  });

  it("uses the user persona's name and cuts where the character's line begins", async () => {
    const sam = { ...ada, user: { ...ada.user, name: 'Sam' } };
    const { history } = await opened(sam);
    const engine = new ScriptedEngine(['Just curious.\nAda: "Oh?'], { capabilities: { rawCompletion: true } });
    const out = await draftUserLine(sam, history, { engine, strategy });
    expect(promptOf(engine).endsWith('Sam: "')).toBe(true);
    expect(out.text).toBe('Just curious.');
  });

  it('on a chat-only engine asks for the line with an instruction and strips the name and quotes', async () => {
    const { history } = await opened(ada);
    const engine = new ScriptedEngine(['Me: "I heard about your notes."'], { capabilities: { rawCompletion: false, promptCache: 'none' } });
    const out = await draftUserLine(ada, history, { engine, strategy });
    const messages = (engine.requests[0]?.input as { messages: ChatTurn[] }).messages;
    expect(messages.at(-2)).toEqual({ role: 'assistant', content: 'Ada: "Good evening. What brings you here?"' });
    expect(messages.at(-1)?.content).toContain(`Write Me's next line`);
    expect(engine.requests[0]?.stop).toContain('\nAda:');
    expect(out.text).toBe('I heard about your notes.');
  });

  it('writes a Chinese user line in corner brackets', async () => {
    const daiyu = createPersona(
      { name: '林黛玉', description: '寄居贾府。', greeting: '你来了。', language: 'zh', user: { name: '宝玉', description: '' } },
      newId(),
      1,
    );
    const { history } = await opened(daiyu);
    const engine = new ScriptedEngine(['来看看妹妹。」说着便坐下了。'], { capabilities: { rawCompletion: true } });
    const out = await draftUserLine(daiyu, history, { engine, strategy });
    expect(promptOf(engine).endsWith('宝玉：「')).toBe(true);
    expect(engine.requests[0]?.stop).toEqual(['\n林黛玉:', '\n林黛玉：']);
    expect(out.text).toBe('来看看妹妹。');
  });

  it('returns engine failures with the text so far instead of throwing', async () => {
    const { history } = await opened(ada);
    const fail = new EngineError('timeout', msg('text.verbatim', { text: 'The server took too long.' }));
    const engine = new ScriptedEngine([
      { chunks: ['I wond'], error: fail },
      { chunks: [], error: fail },
    ]);
    expect(await draftUserLine(ada, history, { engine, strategy })).toEqual({ text: 'I wond', error: fail });
    expect(await draftUserLine(ada, history, { engine, strategy })).toEqual({ text: '', error: fail });
  });

  it('returns what arrived when stopped', async () => {
    const { history } = await opened(ada);
    const controller = new AbortController();
    const engine = new ScriptedEngine([{ chunks: ['One ', 'two ', 'three'], delayMs: 2 }]);
    const out = await draftUserLine(ada, history, { engine, strategy, signal: controller.signal, onDelta: (t) => t === 'One two' && controller.abort() });
    expect(out).toEqual({ text: 'One two' });
  });

  it('drafts a line after the user already spoke too (history ending with a user line)', async () => {
    const { history } = await opened(ada);
    const mine: Message = {
      id: newId<MessageId>(),
      chatId: (history[0] as Message).chatId,
      seq: 1,
      role: 'user',
      text: 'Hello.',
      status: 'complete',
      createdAt: 2,
      updatedAt: 2,
    };
    const engine = new ScriptedEngine(['And goodbye.']);
    const out = await draftUserLine(ada, [...history, mine], { engine, strategy });
    expect(promptOf(engine)).toContain('Me: "Hello."\n<|im_end|>');
    expect(out.text).toBe('And goodbye.');
  });
});
