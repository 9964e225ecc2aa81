import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { createPlainStrategy } from '../../../test/support/plain-strategy.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError, ValidationError } from '../errors/index.ts';
import { newId, type MessageId } from '../ids.ts';
import type { ChatTurn } from '../llm-engine.ts';
import type { Message, MessageStatus } from '../message.ts';
import { createPersona, type Persona } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { continueReply } from './continue-reply.ts';
import { createPromptStrategy, replyFormOf } from '../prompt/build.ts';
import { addVariant } from './variants.ts';
import { addUserMessage, startChat } from './turn-actions.ts';
import { msg } from '../i18n/message.ts';

const ada = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, newId(), 1);
const daiyu = createPersona({ name: '林黛玉', description: '寄居贾府。', greeting: '你来了。', language: 'zh' }, newId(), 1);
const chars: TokenCounter = { id: 'chars', count: (t) => t.length };
const rawEngine = { rawCompletion: true, promptCache: 'none' as const };
const chatOnly = { rawCompletion: false, promptCache: 'none' as const };

function egos() {
  return createPromptStrategy({ counter: async () => chars, summaries: async () => [], form: (p) => replyFormOf(p), contextWindow: 8192, maxTokens: 200 });
}

/** A chat: greeting, the user's line, and a reply `text` with `status`. */
async function withReply(persona: Persona, userLine: string, text: string, status: MessageStatus = 'interrupted') {
  const repo = createMemoryRepository();
  let clock = 100;
  const now = () => ++clock;
  const { chat } = await startChat({ ...repo, now }, persona);
  await addUserMessage({ ...repo, now }, chat, userLine);
  const reply: Message = {
    id: newId<MessageId>(),
    chatId: chat.id,
    seq: 2,
    role: 'assistant',
    text,
    raw: text,
    status,
    createdAt: now(),
    updatedAt: now(),
    ...(status === 'interrupted' ? { interruptReason: 'max-tokens' as const } : {}),
  };
  await repo.messages.put(reply);
  repo.messageWrites.length = 0;
  return { repo, now, chat, reply, history: await repo.messages.listByChat(chat.id) };
}

function promptOf(engine: ScriptedEngine): string {
  const input = engine.requests[0]?.input;
  if (input?.kind !== 'prompt') throw new Error('expected a raw prompt');
  return input.prompt;
}

describe('continueReply', () => {
  it('appends the continuation to the same message, streaming, and completes it', async () => {
    const { repo, now, chat, reply, history } = await withReply(ada, 'Tell me of the Engine.', 'It weaves');
    const engine = new ScriptedEngine([{ chunks: [' algebraic', ' patterns."'] }], { capabilities: rawEngine });
    const updates: string[] = [];
    const out = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now, onUpdate: (m) => updates.push(`${m.status}:${m.text}`) });
    expect(updates).toEqual([
      'streaming:It weaves',
      'streaming:It weaves algebraic',
      'streaming:It weaves algebraic patterns.',
      'complete:It weaves algebraic patterns.',
    ]);
    expect(out.message).toMatchObject({
      id: reply.id,
      seq: 2,
      text: 'It weaves algebraic patterns.',
      raw: 'Ada: "It weaves algebraic patterns."',
      status: 'complete',
    });
    expect(out.message.interruptReason).toBeUndefined();
    expect(await repo.messages.get(reply.id)).toMatchObject({ text: 'It weaves algebraic patterns.', status: 'complete' });
    expect((await repo.messages.listByChat(chat.id)).length).toBe(3);
  });

  it('on a raw-completion engine the prompt ends with the open line and the line ends at its closing quote', async () => {
    const { repo, now, chat, history } = await withReply(ada, 'Tell me of the Engine.', 'It weaves');
    const engine = new ScriptedEngine([' patterns." She smiles at the loom.'], { capabilities: rawEngine });
    const out = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now });
    const prompt = promptOf(engine);
    expect(prompt.endsWith('<|im_start|>assistant\nAda: "It weaves')).toBe(true);
    expect(prompt).toContain('[Conversation]\nAda: "Good evening."\nMe: "Tell me of the Engine."\n<|im_end|>');
    expect(engine.requests[0]?.stop).toEqual(['\nMe:', '\nMe：']);
    expect(out.message).toMatchObject({ text: 'It weaves patterns.', raw: 'Ada: "It weaves patterns."', status: 'complete' });
  });

  it('on a chat-only engine it sends the open line and an instruction, and strips an echo of the old text', async () => {
    const { repo, now, chat, history } = await withReply(ada, 'Tell me of the Engine.', 'It weaves');
    const engine = new ScriptedEngine(['Ada: "It weaves patterns, like a loom." She smiles.'], { capabilities: chatOnly });
    const out = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now });
    const input = engine.requests[0]?.input as { kind: 'chat'; messages: ChatTurn[] };
    expect(input.kind).toBe('chat');
    expect(input.messages.at(-2)).toEqual({ role: 'assistant', content: 'Ada: "It weaves' });
    expect(input.messages.at(-1)?.role).toBe('user');
    expect(input.messages.at(-1)?.content).toMatch(/^\[Continue\].*exactly where it stopped/);
    expect(out.message).toMatchObject({ text: 'It weaves patterns, like a loom.', status: 'complete' });
  });

  it('continues a Chinese line inside corner brackets', async () => {
    const { repo, now, chat, history } = await withReply(daiyu, '妹妹在做什么？', '我在');
    const engine = new ScriptedEngine(['葬花。」'], { capabilities: rawEngine });
    const out = await continueReply(chat, daiyu, history, { ...repo, engine, strategy: egos(), now });
    expect(promptOf(engine).endsWith('林黛玉：「我在')).toBe(true);
    expect(out.message).toMatchObject({ text: '我在葬花。', raw: '林黛玉：「我在葬花。」', status: 'complete' });
  });

  it('keeps the old text when the engine fails before new text, and marks a later failure interrupted', async () => {
    const { repo, now, chat, reply, history } = await withReply(ada, 'Go on.', 'It weaves');
    const fail = new EngineError('connection-refused', msg('text.verbatim', { text: 'Could not reach the server.' }));
    const engine = new ScriptedEngine(
      [
        { chunks: [], error: fail },
        { chunks: [' more'], error: fail },
      ],
      { capabilities: rawEngine },
    );
    const first = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now });
    expect(first).toMatchObject({ error: fail, unchanged: true, message: reply });
    expect(await repo.messages.get(reply.id)).toEqual(reply);
    const second = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now });
    expect(second.message).toMatchObject({
      text: 'It weaves more',
      status: 'interrupted',
      interruptReason: 'engine-error',
      error: { code: 'connection-refused' },
    });
  });

  it('can be cut by the token limit again, and can continue a complete line', async () => {
    const { repo, now, chat, history } = await withReply(ada, 'Go on.', 'Done.', 'complete');
    const engine = new ScriptedEngine([{ chunks: [' And more'], finishReason: 'length' }], { capabilities: rawEngine });
    const out = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now });
    expect(out.message).toMatchObject({ text: 'Done. And more', status: 'interrupted', interruptReason: 'max-tokens' });
  });

  it('marks a line complete when the model only closes it', async () => {
    const { repo, now, chat, history } = await withReply(ada, 'Go on.', 'All done.');
    const engine = new ScriptedEngine([''], { capabilities: rawEngine });
    const out = await continueReply(chat, ada, history, { ...repo, engine, strategy: egos(), now });
    expect(out.unchanged).toBeUndefined();
    expect(out.message).toMatchObject({ text: 'All done.', status: 'complete' });
  });

  it('appends to the active variant and leaves the other variants alone', async () => {
    const { repo, now, chat, reply, history } = await withReply(ada, 'Go on.', 'First.', 'complete');
    const swiped = addVariant(reply, { text: 'Second is', status: 'interrupted', interruptReason: 'user-stop', createdAt: 3 }, now());
    await repo.messages.put(swiped);
    const engine = new ScriptedEngine([' longer.']);
    const out = await continueReply(chat, ada, [...history.slice(0, -1), swiped], { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(out.message.variants?.map((v) => [v.text, v.status])).toEqual([
      ['First.', 'complete'],
      ['Second is longer.', 'complete'],
    ]);
    expect(out.message).toMatchObject({ text: 'Second is longer.', activeVariant: 1 });
  });

  it('refuses a history that does not end with a reply that has text', async () => {
    const { repo, now, chat, history } = await withReply(ada, 'Go on.', 'x');
    const opts = { ...repo, engine: new ScriptedEngine([]), strategy: createPlainStrategy(), now };
    await expect(continueReply(chat, ada, history.slice(0, -1), opts)).rejects.toBeInstanceOf(ValidationError);
    const empty = { ...(history.at(-1) as Message), text: '', status: 'error' as const };
    await expect(continueReply(chat, ada, [...history.slice(0, -1), empty], opts)).rejects.toBeInstanceOf(ValidationError);
  });
});
