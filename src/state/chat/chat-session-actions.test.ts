import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine, type Script } from '../../../test/support/scripted-engine.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { english, type Message } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona } from '../../core/persona/index.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import type { ChatOutcome } from './chat-controller.ts';
import { ChatSession } from './chat-session.svelte.ts';
import { chatTestServices } from './chat-services.test-support.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, 'p1' as PersonaId, 1);

function engine(script: Script): ScriptedEngine {
  const e = new ScriptedEngine(script);
  e.modelId = 'test-model';
  return e;
}

async function setUp() {
  const repo = createMemoryRepository();
  const locks = createLocalChatLocks();
  const services = chatTestServices(repo, locks);
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const session = new ChatSession(services, chat, persona, () => 4096);
  await session.load();
  return { repo, chat, locks, session };
}

/** The English sentence of a message the state shows, or null. */
const said = (message: Message | null) => (message === null ? null : english(message));

/** Why an action was refused or failed, or null when it was done. */
const problem = (outcome: ChatOutcome) => (outcome.kind === 'refused' ? outcome.reason : outcome.kind === 'failed' ? outcome.error : null);

const done: ChatOutcome = { kind: 'done' };

const stored = async (repo: ReturnType<typeof createMemoryRepository>, chatId: string) => (await repo.messages.listByChat(chatId as never)).map((m) => m.text);

describe('ChatSession chat actions', () => {
  it('regenerate keeps the earlier reply as a swipe; choosing it is stored', async () => {
    const { repo, chat, session } = await setUp();
    await session.send('Hello.', engine(['First answer."']));
    const reply = session.messages.at(-1)!;
    await session.regenerate(reply.id, engine(['Second answer."']));
    expect(session.error).toBeNull();
    const after = session.messages.at(-1)!;
    expect(after.id).toBe(reply.id);
    expect(after.text).toBe('Second answer.');
    expect(after.variants?.map((v) => v.text)).toEqual(['First answer.', 'Second answer.']);
    expect(await session.selectVariant(reply.id, 0)).toEqual(done);
    expect((await repo.messages.get(reply.id))?.text).toBe('First answer.');
    expect(await stored(repo, chat.id)).toEqual(['Good evening.', 'Hello.', 'First answer.']);
  });

  it('only the newest reply can be regenerated, and the greeting never', async () => {
    const { session } = await setUp();
    await session.regenerate(session.messages[0]!.id, engine(['x"']));
    expect(said(session.error)).toMatch(/greeting/i);
    await session.send('Hello.', engine(['Hi."']));
    await session.send('Again.', engine(['Yes."']));
    await session.regenerate(session.messages[2]!.id, engine(['x"']));
    expect(said(session.error)).toMatch(/newest reply/);
  });

  it('continue appends to a reply cut off by the length limit', async () => {
    const { repo, session } = await setUp();
    await session.send('Tell me.', engine([{ chunks: ['The engine weaves'], finishReason: 'length' }]));
    const cut = session.messages.at(-1)!;
    expect(cut.status).toBe('interrupted');
    await session.continueReply(cut.id, engine([' algebraic patterns."']));
    const done = await repo.messages.get(cut.id);
    expect(done?.text).toBe('The engine weaves algebraic patterns.');
    expect(done?.status).toBe('complete');
  });

  it('impersonate drafts the user line into the composer and stores nothing', async () => {
    const { repo, chat, session } = await setUp();
    const e = engine(['Tell me about the Engine."']);
    session.composer.text = 'my own words';
    await session.impersonate(e);
    expect(session.composer.text).toBe('Tell me about the Engine.');
    expect(session.error).toBeNull();
    expect(await stored(repo, chat.id)).toEqual(['Good evening.']);
    const prompt = e.requests[0]?.input;
    expect(prompt?.kind === 'prompt' && prompt.prompt.endsWith('Me: "')).toBe(true);
  });

  it('a failed draft keeps what the user had typed', async () => {
    const { session } = await setUp();
    session.composer.text = 'mine';
    await session.impersonate(engine([]));
    expect(session.composer.text).toBe('mine');
    expect(said(session.error)).toMatch(/no reply scripted/);
  });

  it('edit and answer again removes the later messages and writes a new reply', async () => {
    const { repo, chat, session } = await setUp();
    await session.send('Hello.', engine(['Hi."']));
    await session.send('Second.', engine(['Yes."']));
    const first = session.messages[1]!;
    expect(await session.editAndResend(first.id, 'Hello there.', engine(['Welcome back."']))).toEqual(done);
    expect(await stored(repo, chat.id)).toEqual(['Good evening.', 'Hello there.', 'Welcome back.']);
    expect(session.messages.map((m) => m.text)).toEqual(['Good evening.', 'Hello there.', 'Welcome back.']);
  });

  it('edits in place keep later messages; an empty edit is refused with a clear message', async () => {
    const { repo, chat, session } = await setUp();
    await session.send('Hello.', engine(['Hi."']));
    expect(await session.edit(session.messages[1]!.id, 'Hullo.')).toEqual(done);
    expect(await stored(repo, chat.id)).toEqual(['Good evening.', 'Hullo.', 'Hi.']);
    expect(said(problem(await session.edit(session.messages[1]!.id, '   ')))).toMatch(/cannot be empty/);
    expect(await stored(repo, chat.id)).toEqual(['Good evening.', 'Hullo.', 'Hi.']);
  });

  it('delete removes one message; the user line left unanswered can be answered', async () => {
    const { repo, chat, session } = await setUp();
    await session.send('Hello.', engine(['Hi."']));
    expect(await session.delete(session.messages[2]!.id)).toEqual(done);
    expect(session.messages.map((m) => m.text)).toEqual(['Good evening.', 'Hello.']);
    await session.respond(engine(['Pardon me."']));
    expect(await stored(repo, chat.id)).toEqual(['Good evening.', 'Hello.', 'Pardon me.']);
  });

  it('branch copies the chat up to a message into a new chat and leaves the original alone', async () => {
    const { repo, chat, session } = await setUp();
    await session.send('Hello.', engine(['Hi."']));
    await session.send('Second.', engine(['Yes."']));
    const result = await session.branch(session.messages[2]!.id);
    if (result.kind === 'failed') throw new Error(english(result.error));
    expect(result.chat.title).toBe(`${chat.title} (branch)`);
    expect(result.chat.branchedFrom).toEqual({ chatId: chat.id, messageId: session.messages[2]!.id });
    expect(await stored(repo, result.chat.id)).toEqual(['Good evening.', 'Hello.', 'Hi.']);
    expect(await stored(repo, chat.id)).toEqual(['Good evening.', 'Hello.', 'Hi.', 'Second.', 'Yes.']);
  });

  it('history changes wait while another tab generates in this chat', async () => {
    const { chat, locks, session } = await setUp();
    await session.send('Hello.', engine(['Hi."']));
    let release: () => void = () => {};
    const held = locks.withChatLock(chat.id, () => new Promise<void>((r) => (release = r)));
    expect(said(problem(await session.delete(session.messages[2]!.id)))).toMatch(/another tab/);
    expect(session.messages).toHaveLength(3);
    release();
    await held;
  });
});
