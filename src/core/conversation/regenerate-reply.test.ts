import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { createPlainStrategy } from '../../../test/support/plain-strategy.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError, ValidationError } from '../errors/index.ts';
import { newId } from '../ids.ts';
import type { Message } from '../message.ts';
import { createPersona } from '../persona/index.ts';
import { generateReply } from './generate-reply.ts';
import { regenerateReply } from './regenerate-reply.ts';
import { addUserMessage, recoverInterruptedReplies, startChat } from './turn-actions.ts';
import { msg } from '../i18n/message.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Hello!', alternateGreetings: ['Good day.'] }, newId(), 1);

/** A chat with the greeting, a user line and a first reply "First reply". */
async function answered() {
  const repo = createMemoryRepository();
  let clock = 100;
  const now = () => ++clock;
  const { chat } = await startChat({ ...repo, now }, persona);
  await addUserMessage({ ...repo, now }, chat, 'Hi Ada');
  const history = await repo.messages.listByChat(chat.id);
  const first = await generateReply(chat, persona, history, { ...repo, engine: new ScriptedEngine(['First reply']), strategy: createPlainStrategy(), now });
  repo.messageWrites.length = 0;
  return { repo, now, chat, history, target: first.message };
}

describe('regenerateReply', () => {
  it('streams a new variant into the same message and keeps the earlier one', async () => {
    const { repo, now, chat, history, target } = await answered();
    const engine = new ScriptedEngine([{ chunks: ['Sec', 'ond ', 'reply'], usage: { promptTokens: 9, completionTokens: 3 } }]);
    const updates: Message[] = [];
    const out = await regenerateReply(chat, persona, history, target, {
      ...repo,
      engine,
      strategy: createPlainStrategy(),
      now,
      onUpdate: (m) => updates.push(m),
    });
    expect(out.error).toBeUndefined();
    expect(out.unchanged).toBeUndefined();
    expect(updates[0]).toMatchObject({ id: target.id, status: 'streaming', text: '', activeVariant: 1 });
    expect(updates[0]?.variants?.[0]?.text).toBe('First reply');
    expect(repo.messageWrites[0]).toMatchObject({ id: target.id, seq: target.seq, status: 'streaming' });
    const stored = await repo.messages.get(target.id);
    expect(stored).toMatchObject({
      id: target.id,
      seq: target.seq,
      text: 'Second reply',
      status: 'complete',
      activeVariant: 1,
      usage: { completionTokens: 3 },
    });
    expect(stored?.variants?.map((v) => [v.text, v.status])).toEqual([
      ['First reply', 'complete'],
      ['Second reply', 'complete'],
    ]);
    expect((await repo.messages.listByChat(chat.id)).length).toBe(3);
    expect(engine.requests[0]?.input).toEqual({ kind: 'prompt', prompt: 'Hello!\nHi Ada' });
  });

  it('adds a third variant on the next regenerate', async () => {
    const { repo, now, chat, history, target } = await answered();
    const engine = new ScriptedEngine(['Two', 'Three']);
    const opts = { ...repo, engine, strategy: createPlainStrategy(), now };
    const second = await regenerateReply(chat, persona, history, target, opts);
    const third = await regenerateReply(chat, persona, history, second.message, opts);
    expect(third.message.variants?.map((v) => v.text)).toEqual(['First reply', 'Two', 'Three']);
    expect(third.message.activeVariant).toBe(2);
  });

  it('saves the partial variant while streaming, with the older variant in place', async () => {
    const { repo, now, chat, history, target } = await answered();
    const engine = new ScriptedEngine([{ chunks: ['a', 'b', 'c', 'd', 'e'], delayMs: 12 }]);
    await regenerateReply(chat, persona, history, target, { ...repo, engine, strategy: createPlainStrategy(), now, flushIntervalMs: 20 });
    const partials = repo.messageWrites.filter((m) => m.status === 'streaming' && m.text.length > 0 && m.text.length < 5);
    expect(partials.length).toBeGreaterThan(0);
    for (const p of partials) expect(p.variants?.map((v) => v.text)).toEqual(['First reply', p.text]);
  });

  it('puts the message back exactly as it was when the engine fails before any text', async () => {
    const { repo, now, chat, history, target } = await answered();
    const fail = new EngineError('connection-refused', msg('text.verbatim', { text: 'Could not reach the server.' }));
    const engine = new ScriptedEngine([{ chunks: [], error: fail }]);
    const out = await regenerateReply(chat, persona, history, target, { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(out.error).toBe(fail);
    expect(out.unchanged).toBe(true);
    expect(out.message).toEqual(target);
    expect(await repo.messages.get(target.id)).toEqual(target);
  });

  it('puts it back when stopped before any text, and keeps a partial variant when the engine fails later', async () => {
    const { repo, now, chat, history, target } = await answered();
    const controller = new AbortController();
    controller.abort();
    const fail = new EngineError('timeout', msg('text.verbatim', { text: 'Too slow.' }));
    const engine = new ScriptedEngine([{ chunks: ['never'] }, { chunks: ['half'], error: fail }]);
    const stopped = await regenerateReply(chat, persona, history, target, { ...repo, engine, strategy: createPlainStrategy(), now, signal: controller.signal });
    expect(stopped).toMatchObject({ unchanged: true, message: target });
    const failed = await regenerateReply(chat, persona, history, target, { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(failed.error).toBe(fail);
    expect(failed.message).toMatchObject({
      text: 'half',
      status: 'interrupted',
      interruptReason: 'engine-error',
      error: { code: 'timeout' },
      activeVariant: 1,
    });
    expect(failed.message.variants?.[1]).toMatchObject({ text: 'half', status: 'interrupted', interruptReason: 'engine-error' });
    expect(failed.message.variants?.[0]?.text).toBe('First reply');
  });

  it('refuses the greeting (swipe instead) and a user message', async () => {
    const repo = createMemoryRepository();
    const now = () => 5;
    const { chat, messages } = await startChat({ ...repo, now }, persona);
    const greeting = messages[0] as Message;
    const opts = { ...repo, engine: new ScriptedEngine([]), strategy: createPlainStrategy(), now };
    await expect(regenerateReply(chat, persona, [], greeting, opts)).rejects.toThrow(/greeting.*[Ss]wipe/);
    const user = await addUserMessage({ ...repo, now }, chat, 'Hi');
    await expect(regenerateReply(chat, persona, [greeting], user, opts)).rejects.toBeInstanceOf(ValidationError);
    expect(await repo.messages.get(greeting.id)).toEqual(greeting);
  });

  it('after a crash mid-regenerate, a variant without text is dropped and the earlier one shows again', async () => {
    const { repo, now, chat, history, target } = await answered();
    let crashed: Message | undefined;
    const engine = new ScriptedEngine([{ chunks: ['x'], delayMs: 5 }]);
    const controller = new AbortController();
    await regenerateReply(chat, persona, history, target, {
      ...repo,
      engine,
      strategy: createPlainStrategy(),
      now,
      signal: controller.signal,
      onUpdate: (m) => (crashed ??= m),
    });
    await repo.messages.put(crashed as Message);
    const [fixed] = await recoverInterruptedReplies(repo.messages, () => false, now);
    expect(fixed).toMatchObject({ text: 'First reply', status: 'complete', activeVariant: 0 });
    expect(fixed?.variants).toHaveLength(1);
  });
});
