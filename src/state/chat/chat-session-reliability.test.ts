import { describe, expect, it } from 'vitest';
import { createMemoryRepository, type MemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine, type Script } from '../../../test/support/scripted-engine.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { EngineError, StorageError } from '../../core/errors/index.ts';
import { english, msg, type Message } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { CompletionEvent, CompletionRequest } from '../../core/llm-engine.ts';
import { createPersona } from '../../core/persona/index.ts';
import { createLocalChatLocks, type ChatLocks } from '../../core/sync/chat-locks.ts';
import { ChatSession } from './chat-session.svelte.ts';
import { chatTestServices } from './chat-services.test-support.ts';

/** A scripted raw-completion engine (the prompt ends with `Ada: "`, so replies are the quoted words) that calls `onChunk(i)` before streaming its i-th event. */
class HookedEngine extends ScriptedEngine {
  onChunk: (index: number) => void = () => {};
  constructor(script: Script) {
    super(script);
    this.modelId = 'test-model';
  }
  override async *stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
    let i = 0;
    for await (const event of super.stream(request, signal)) {
      this.onChunk(i++);
      yield event;
    }
  }
}

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, 'p1' as PersonaId, 1);

async function setUp(repo: MemoryRepository = createMemoryRepository(), locks: ChatLocks = createLocalChatLocks()) {
  const services = chatTestServices(repo, locks);
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const open = async () => {
    const session = new ChatSession(services, chat, persona, () => 4096);
    await session.load();
    return session;
  };
  return { repo, chat, open, session: await open() };
}

const quota = () => new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveMessage') }));

/** The English sentence of a message the state shows, or null. */
const said = (message: Message | null) => (message === null ? null : english(message));

const sent = { kind: 'sent' };

describe('ChatSession when storage fills up mid-reply', () => {
  it('tells the user, keeps the whole reply in memory, damages nothing stored, and saves it on Retry', async () => {
    const { repo, chat, session } = await setUp();
    const engine = new HookedEngine([{ chunks: ['One', ' two', ' three', ' four."'], delayMs: 200 }]);
    engine.onChunk = (i) => {
      if (i === 3) repo.failWritesWith = quota();
    };
    expect(await session.send('Count.', engine)).toMatchObject({ kind: 'failed', stored: true });

    expect(said(session.saveProblem)).toMatch(/Storage is full/);
    expect(session.error).toBeNull();
    expect(session.canRetrySave).toBe(true);
    const reply = session.messages.at(-1);
    expect(reply).toMatchObject({ role: 'assistant', text: 'One two three four.', status: 'complete' });

    const stored = await repo.messages.listByChat(chat.id);
    expect(stored.map((m) => m.text.length > 0)).toEqual([true, true, true]);
    expect(stored[0]).toMatchObject({ text: 'Good evening.', status: 'complete' });
    expect(stored[1]).toMatchObject({ role: 'user', text: 'Count.', status: 'complete' });
    expect(stored[2]?.status).toBe('streaming');
    expect('One two three four.'.startsWith(stored[2]?.text ?? 'x')).toBe(true);

    expect(await session.retrySave()).toMatchObject({ kind: 'failed' });
    expect(await session.send('Next?', engine)).toMatchObject({ kind: 'refused' });
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.text)).not.toContain('Next?');

    repo.failWritesWith = null;
    expect(await session.retrySave()).toEqual({ kind: 'done' });
    expect(session.saveProblem).toBeNull();
    expect(session.canRetrySave).toBe(false);
    expect(await repo.messages.get(reply!.id)).toEqual(reply);
  });

  it('a save that fails mid-stream but works at the end clears the problem', async () => {
    const { repo, chat, session } = await setUp();
    const engine = new HookedEngine([{ chunks: ['Slow', ' and', ' steady."'], delayMs: 250 }]);
    let problemWhileStreaming: Message | null = null;
    engine.onChunk = (i) => {
      if (i === 1) repo.failWritesWith = quota();
      if (i === 3) {
        problemWhileStreaming = session.saveProblem;
        repo.failWritesWith = null;
      }
    };
    expect(await session.send('Go on.', engine)).toEqual(sent);
    expect(said(problemWhileStreaming)).toMatch(/Storage is full/);
    expect(session.saveProblem).toBeNull();
    expect(session.canRetrySave).toBe(false);
    expect((await repo.messages.listByChat(chat.id)).at(-1)).toMatchObject({ text: 'Slow and steady.', status: 'complete' });
  });
});

describe('ChatSession with two tabs on one chat', () => {
  it('only one tab generates; the other is told why, stores nothing, and sees the reply after a refresh', async () => {
    const repo = createMemoryRepository();
    const locks = createLocalChatLocks();
    const { chat, open, session: tabA } = await setUp(repo, locks);
    const tabB = await open();
    const slow = new HookedEngine([{ chunks: ['Patience', ', please."'], delayMs: 150 }]);
    const sending = tabA.send('First?', slow);
    await new Promise((r) => setTimeout(r, 50));
    expect(await tabB.send('Me too!', new HookedEngine(['No."']))).toMatchObject({ kind: 'refused' });
    expect(said(tabB.error)).toMatch(/generating a reply in another tab/);
    expect(await sending).toEqual(sent);
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.text)).toEqual(['Good evening.', 'First?', 'Patience, please.']);

    await tabB.refresh();
    expect(tabB.messages.map((m) => m.text)).toEqual(['Good evening.', 'First?', 'Patience, please.']);
    expect(await tabB.send('Now me.', new HookedEngine(['Yes."']))).toEqual(sent);
    expect(tabB.error).toBeNull();
    expect((await repo.messages.listByChat(chat.id)).map((m) => [m.seq, m.text])).toEqual([
      [0, 'Good evening.'],
      [1, 'First?'],
      [2, 'Patience, please.'],
      [3, 'Now me.'],
      [4, 'Yes.'],
    ]);
  });

  it('a tab whose view is stale still sends with the full history and the next seq', async () => {
    const repo = createMemoryRepository();
    const { chat, open, session: tabA } = await setUp(repo);
    const tabB = await open();
    await tabA.send('From A.', new HookedEngine(['Hello A."']));
    const engine = new HookedEngine(['Hello B."']);
    expect(await tabB.send('From B.', engine)).toEqual(sent);
    expect(JSON.stringify(engine.requests[0]?.input)).toContain('Hello A.');
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.seq)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('ChatSession.send and the draft', () => {
  it('keeps the draft when the line was not stored, even if an earlier line had the same text', async () => {
    const repo = createMemoryRepository();
    const { session, chat } = await setUp(repo);
    expect(await session.send('ok', new HookedEngine(['Fine."']))).toEqual(sent);
    const read = repo.messages.listByChat.bind(repo.messages);
    repo.messages.listByChat = async () => {
      throw new StorageError('unavailable', msg('storage.error.unavailable', { action: msg('storage.action.readMessages') }));
    };
    expect(await session.send('ok', new HookedEngine(['Again."']))).toMatchObject({ kind: 'failed', stored: false });
    repo.messages.listByChat = read;
    expect((await repo.messages.listByChat(chat.id)).filter((m) => m.text === 'ok')).toHaveLength(1);
    expect(said(session.error)).toMatch(/could not read/);
  });
});

describe('ChatSession when the model fails before its first word', () => {
  it('shows the error once (no empty reply row), keeps the line, and answers it on Respond', async () => {
    const { repo, chat, session } = await setUp();
    const down = new EngineError('connection-refused', msg('chat.error.serverNotAnswering', { host: 'localhost:11434' }));
    expect(await session.send('Are you there?', new HookedEngine([{ chunks: [], error: down }]))).toMatchObject({ kind: 'failed', stored: true });
    expect(said(session.error)).toMatch(/localhost:11434/);
    expect(session.messages.map((m) => [m.role, m.text])).toEqual([
      ['assistant', 'Good evening.'],
      ['user', 'Are you there?'],
    ]);
    expect((await repo.messages.listByChat(chat.id)).map((m) => m.status)).toEqual(['complete', 'complete']);
    await session.respond(new HookedEngine(['Yes."']));
    expect(session.messages.at(-1)).toMatchObject({ role: 'assistant', text: 'Yes.', status: 'complete' });
  });
});
