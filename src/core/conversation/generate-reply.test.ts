import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { EngineError, StorageError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { newId } from '../ids.ts';
import type { Message } from '../message.ts';
import { createPersona } from '../persona/index.ts';
import { generateReply } from './generate-reply.ts';
import { createPlainStrategy } from '../../../test/support/plain-strategy.ts';
import { addUserMessage, recoverInterruptedReplies, startChat } from './turn-actions.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Hello!', alternateGreetings: ['Good day.'] }, newId(), 1);

async function setup() {
  const repo = createMemoryRepository();
  let clock = 100;
  const now = () => ++clock;
  const { chat } = await startChat({ ...repo, now }, persona);
  const user = await addUserMessage({ ...repo, now }, chat, 'Hi Ada');
  const history = await repo.messages.listByChat(chat.id);
  return { repo, now, chat, user, history };
}

describe('startChat / addUserMessage', () => {
  it('opens with the greeting, alternate greetings as swipes, then the user line', async () => {
    const { repo, chat, user } = await setup();
    const stored = await repo.messages.listByChat(chat.id);
    expect(stored.map((m) => [m.seq, m.role, m.text])).toEqual([
      [0, 'assistant', 'Hello!'],
      [1, 'user', 'Hi Ada'],
    ]);
    expect(stored[0]?.variants?.map((v) => v.text)).toEqual(['Hello!', 'Good day.']);
    expect(user.status).toBe('complete');
  });
});

describe('generateReply', () => {
  it('streams, saves the reply as streaming before the first token and completes it', async () => {
    const { repo, now, chat, history } = await setup();
    const engine = new ScriptedEngine([{ chunks: ['Hel', 'lo ', 'there'], usage: { promptTokens: 12, completionTokens: 3 } }]);
    const updates: string[] = [];
    const out = await generateReply(chat, persona, history, {
      ...repo,
      engine,
      strategy: createPlainStrategy(),
      now,
      onUpdate: (m) => updates.push(`${m.status}:${m.text}`),
    });
    expect(out.error).toBeUndefined();
    expect(updates[0]).toBe('streaming:');
    expect(updates.at(-1)).toBe('complete:Hello there');
    expect(repo.messageWrites.find((m) => m.seq === 2)?.status).toBe('streaming');
    const stored = (await repo.messages.listByChat(chat.id)).at(-1);
    expect(stored).toMatchObject({ seq: 2, role: 'assistant', text: 'Hello there', status: 'complete', engine: 'scripted', usage: { promptTokens: 12 } });
  });

  it('stores the exact sent form of the user line before streaming', async () => {
    const { repo, now, chat, history, user } = await setup();
    const engine = new ScriptedEngine(['ok']);
    await generateReply(chat, persona, history, { ...repo, engine, strategy: createPlainStrategy('SENT:'), now });
    expect(engine.requests[0]?.input).toEqual({ kind: 'prompt', prompt: 'Hello!\nHi Ada' });
    expect((await repo.messages.get(user.id))?.raw).toBe('SENT:Hi Ada');
  });

  it('saves the partial text while streaming, at the flush interval', async () => {
    const { repo, now, chat, history } = await setup();
    const engine = new ScriptedEngine([{ chunks: ['a', 'b', 'c', 'd', 'e', 'f'], delayMs: 15 }]);
    await generateReply(chat, persona, history, { ...repo, engine, strategy: createPlainStrategy(), now, flushIntervalMs: 30 });
    const partials = repo.messageWrites.filter((m) => m.role === 'assistant' && m.status === 'streaming').map((m) => m.text);
    expect(partials.length).toBeGreaterThan(1);
    expect(partials.some((t) => t.length > 0 && t.length < 6)).toBe(true);
  });

  it('keeps the partial reply and marks it interrupted when stopped', async () => {
    const { repo, now, chat, history } = await setup();
    const controller = new AbortController();
    const engine = new ScriptedEngine([{ chunks: ['one ', 'two ', 'three'], delayMs: 5 }]);
    const out = await generateReply(chat, persona, history, {
      ...repo,
      engine,
      strategy: createPlainStrategy(),
      now,
      signal: controller.signal,
      onUpdate: (m) => m.text === 'one two' && controller.abort(),
    });
    expect(out.message).toMatchObject({ text: 'one two', status: 'interrupted', interruptReason: 'user-stop' });
    expect((await repo.messages.get(out.message.id))?.status).toBe('interrupted');
  });

  it('marks a reply cut by the token limit', async () => {
    const { repo, now, chat, history } = await setup();
    const engine = new ScriptedEngine([{ chunks: ['long'], finishReason: 'length' }]);
    const out = await generateReply(chat, persona, history, { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(out.message).toMatchObject({ status: 'interrupted', interruptReason: 'max-tokens' });
  });

  it('a reply that ends with nothing to show is not kept: the line waits, and the user is told why', async () => {
    const { repo, now, chat, history } = await setup();
    const engine = new ScriptedEngine([{ chunks: ['  ', '\n'] }]);
    const out = await generateReply(chat, persona, history, { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(out.removed).toBe(true);
    expect(out.error?.code).toBe('empty-reply');
    expect(out.error?.message).toMatch(/reply was empty/);
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.text)).toEqual(['Hello!', 'Hi Ada']);
  });

  it('an engine failure before any text leaves no empty reply; after some text the reply is kept as interrupted', async () => {
    const { repo, now, chat, history } = await setup();
    const text = msg('conversation.error.unexpected', { detail: 'ECONNREFUSED' });
    const fail = new EngineError('connection-refused', text);
    const engine = new ScriptedEngine([
      { chunks: [], error: fail },
      { chunks: ['par', 'tial'], error: fail },
    ]);
    const first = await generateReply(chat, persona, history, { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(first.error).toBe(fail);
    expect(first.removed).toBe(true);
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.text)).toEqual(['Hello!', 'Hi Ada']);
    const second = await generateReply(chat, persona, history, { ...repo, engine, strategy: createPlainStrategy(), now });
    expect(second.message).toMatchObject({ status: 'interrupted', interruptReason: 'engine-error', text: 'partial' });
    expect(second.message.error).toEqual({
      code: 'connection-refused',
      message: 'The model stopped with an unexpected error (ECONNREFUSED). Your chat is saved; try again.',
      text,
    });
    expect(inChinese(second.message.error?.text)).toBe('模型因意外错误而停止（ECONNREFUSED）。你的对话已保存，请重试。');
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.text)).toEqual(['Hello!', 'Hi Ada', 'partial']);
  });

  it('keeps streaming when a partial save fails and saves everything at the end', async () => {
    const { repo, now, chat, history } = await setup();
    const quota = new StorageError('quota-exceeded', msg('text.verbatim', { text: 'Storage is full' }));
    const saveErrors: unknown[] = [];
    const engine = new ScriptedEngine([{ chunks: ['a', 'b', 'c'], delayMs: 10 }]);
    const out = await generateReply(chat, persona, history, {
      ...repo,
      engine,
      strategy: createPlainStrategy(),
      now,
      flushIntervalMs: 5,
      onUpdate: (m: Message) => {
        repo.failWritesWith = m.text === 'a' ? quota : null;
      },
      onSaveError: (e) => saveErrors.push(e),
    });
    expect(saveErrors).toContain(quota);
    expect((await repo.messages.get(out.message.id))?.text).toBe('abc');
  });
});

describe('recoverInterruptedReplies', () => {
  it('marks replies left streaming as interrupted unless their chat is still generating', async () => {
    const { repo, now, chat } = await setup();
    const other = newId<never>();
    const base = { role: 'assistant' as const, createdAt: 1, updatedAt: 1, status: 'streaming' as const };
    await repo.messages.put({ ...base, id: newId(), chatId: chat.id, seq: 5, text: 'half a rep' });
    await repo.messages.put({ ...base, id: newId(), chatId: chat.id, seq: 6, text: '' });
    await repo.messages.put({ ...base, id: newId(), chatId: other, seq: 0, text: 'live' });
    const changed = await recoverInterruptedReplies(repo.messages, (id) => id === other, now);
    expect(changed.map((m) => [m.text, m.status, m.interruptReason])).toEqual([
      ['half a rep', 'interrupted', 'crash'],
      ['', 'error', 'crash'],
    ]);
    expect(changed[1]?.error).toMatchObject({ code: 'crash', message: expect.stringContaining('Send your message again') });
    expect(inChinese(changed[1]?.error?.text)).toContain('重新发送');
    expect((await repo.messages.listStreaming()).map((m) => m.text)).toEqual(['live']);
  });
});
