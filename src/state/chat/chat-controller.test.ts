import { describe, expect, it } from 'vitest';
import { createMemoryRepository, type MemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine, type Script } from '../../../test/support/scripted-engine.ts';
import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { EngineError, StorageError } from '../../core/errors/index.ts';
import { english, msg, type Message as Said } from '../../core/i18n/message.ts';
import type { MemoryId, PersonaId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import { createPersona } from '../../core/persona/index.ts';
import { createLocalChatLocks, type ChatLocks } from '../../core/sync/chat-locks.ts';
import { ChatController, type BranchOutcome, type ChatOutcome, type SendOutcome } from './chat-controller.ts';
import { chatTestParts, chatTestServices } from './chat-services.test-support.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, 'p1' as PersonaId, 1);

/** A raw-completion engine: the prompt ends with `Ada: "`, so replies are the quoted words. */
function engine(script: Script): ScriptedEngine {
  const e = new ScriptedEngine(script);
  e.modelId = 'test-model';
  return e;
}

/** A controller on a fresh chat (greeting only), with the keepers it works with; `changes` counts its `onChange` calls. */
async function setUp(repo: MemoryRepository = createMemoryRepository(), locks: ChatLocks = createLocalChatLocks()) {
  const services = chatTestServices(repo, locks);
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const open = async (on: Chat = chat) => {
    const parts = chatTestParts(services, on, persona);
    const seen = { changes: 0 };
    const controller = new ChatController(services, on, persona, parts, () => seen.changes++);
    await controller.load();
    return { controller, parts, seen };
  };
  return { repo, chat, locks, open, ...(await open()) };
}

const texts = async (repo: MemoryRepository, chat: Chat) => (await repo.messages.listByChat(chat.id)).map((m) => m.text);
const quota = () => new StorageError('quota-exceeded', msg('storage.error.full', { action: msg('storage.action.saveMessage') }));
const said = (message: Said) => english(message);
const done: ChatOutcome = { kind: 'done' };

/** Holds the chat's lock as another tab would, until `release` is called. */
function holdLock(locks: ChatLocks, chat: Chat) {
  let release: () => void = () => {};
  const held = locks.withChatLock(chat.id, () => new Promise<void>((r) => (release = r)));
  return async () => {
    release();
    await held;
  };
}

describe('ChatController.send outcomes', () => {
  it('sent: the line and the reply are stored, and the view heard of each change', async () => {
    const { repo, chat, controller, seen } = await setUp();
    const before = seen.changes;
    expect(await controller.send('  Hello.  ', engine(['Hi."']))).toEqual({ kind: 'sent' } satisfies SendOutcome);
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'Hello.', 'Hi.']);
    expect(controller.messages.map((m) => m.text)).toEqual(['Good evening.', 'Hello.', 'Hi.']);
    expect(controller.generating).toBe(false);
    expect(controller.lastPrompt).not.toBeNull();
    expect(seen.changes).toBeGreaterThan(before);
  });

  it('refused without an engine: says no model is ready (or what the caller knows), stores nothing', async () => {
    const { repo, chat, controller } = await setUp();
    const outcome = await controller.send('Hello.', null);
    expect(outcome.kind === 'refused' && said(outcome.reason)).toMatch(/No model is ready/);
    expect(controller.error).toEqual(outcome.kind === 'refused' ? outcome.reason : null);
    const down = msg('chat.error.serverNotAnswering', { host: 'localhost:11434' });
    expect(await controller.send('Hello.', null, down)).toEqual({ kind: 'refused', reason: down });
    expect(controller.error).toEqual(down);
    expect(await texts(repo, chat)).toEqual(['Good evening.']);
  });

  it('refused for an empty line, with nothing shown or stored', async () => {
    const { repo, chat, controller } = await setUp();
    expect(await controller.send('   ', engine(['Hi."']))).toEqual({ kind: 'refused', reason: msg('chat.error.emptyLine') });
    expect(controller.error).toBeNull();
    expect(await texts(repo, chat)).toEqual(['Good evening.']);
  });

  it('refused when another tab holds the chat: says so and stores nothing', async () => {
    const { repo, chat, locks, controller } = await setUp();
    const release = holdLock(locks, chat);
    const outcome = await controller.send('Hello.', engine(['Hi."']));
    expect(outcome.kind).toBe('refused');
    expect(outcome.kind === 'refused' && said(outcome.reason)).toMatch(/another tab/);
    expect(controller.error).not.toBeNull();
    expect(await texts(repo, chat)).toEqual(['Good evening.']);
    await release();
  });

  it('refused while a reply is being written (the composer keeps the second line)', async () => {
    const { repo, chat, controller } = await setUp();
    const first = controller.send('First.', engine([{ chunks: ['Slow', ' answer."'], delayMs: 40 }]));
    await new Promise((r) => setTimeout(r, 10));
    expect(controller.generating).toBe(true);
    expect(await controller.send('Second.', engine(['x"']))).toEqual({ kind: 'refused', reason: msg('chat.waitForReply') });
    expect(await first).toEqual({ kind: 'sent' });
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'First.', 'Slow answer.']);
  });

  it('failed with stored:false when the line cannot be written (the draft stays)', async () => {
    const { repo, chat, controller } = await setUp();
    repo.failWritesWith = quota();
    const outcome = await controller.send('Hello.', engine(['Hi."']));
    repo.failWritesWith = null;
    expect(outcome).toMatchObject({ kind: 'failed', stored: false });
    expect(outcome.kind === 'failed' && said(outcome.error)).toMatch(/Storage is full/);
    expect(controller.error).toEqual(outcome.kind === 'failed' ? outcome.error : null);
    expect(await texts(repo, chat)).toEqual(['Good evening.']);
  });

  it('failed with stored:true when the model fails after the line was stored (the draft may go)', async () => {
    const { repo, chat, controller } = await setUp();
    const outcome = await controller.send('Are you there?', engine([]));
    expect(outcome).toMatchObject({ kind: 'failed', stored: true });
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'Are you there?']);
  });

  it('refused while an earlier reply is kept unsaved, until it is saved', async () => {
    const { repo, controller } = await setUp();
    const slow = engine([{ chunks: ['One', ' two."'], delayMs: 30 }]);
    const sending = controller.send('Count.', slow);
    await new Promise((r) => setTimeout(r, 45));
    repo.failWritesWith = quota();
    expect(await sending).toMatchObject({ kind: 'failed', stored: true });
    expect(controller.canRetrySave).toBe(true);
    expect(controller.busy).toBe(true);
    expect(await controller.send('Next?', engine(['x"']))).toMatchObject({ kind: 'refused' });
    repo.failWritesWith = null;
    expect(await controller.retrySave()).toEqual(done);
    expect(controller.busy).toBe(false);
  });
});

describe('ChatController reply actions', () => {
  it('regenerate and continue are refused without an engine and fail on the wrong message', async () => {
    const { controller } = await setUp();
    const greeting = controller.messages[0]!;
    expect(await controller.regenerate(greeting.id, null)).toMatchObject({ kind: 'refused' });
    const wrong = await controller.regenerate(greeting.id, engine(['x"']));
    expect(wrong.kind === 'failed' && said(wrong.error)).toMatch(/greeting/i);
    expect(await controller.respond(engine(['x"']))).toMatchObject({ kind: 'failed' });
    expect(await controller.send('Hello.', engine(['Hi."']))).toEqual({ kind: 'sent' });
    expect(await controller.regenerate(controller.messages.at(-1)!.id, engine(['Again."']))).toEqual(done);
    expect(await controller.continueReply(controller.messages.at(-1)!.id, engine([' More."']))).toEqual(done);
  });

  it('continue that fails before new text fails with the engine error and keeps the reply as it was', async () => {
    const { controller } = await setUp();
    await controller.send('Tell me.', engine([{ chunks: ['The engine weaves'], finishReason: 'length' }]));
    const cut = controller.messages.at(-1)!;
    const down = new EngineError('connection-refused', msg('chat.error.serverNotAnswering', { host: 'localhost:11434' }));
    const outcome = await controller.continueReply(cut.id, engine([{ chunks: [], error: down }]));
    expect(outcome).toEqual({ kind: 'failed', error: down.text });
    expect(controller.error).toEqual(down.text);
    expect(controller.messages.at(-1)).toMatchObject({ text: 'The engine weaves', status: 'interrupted' });
  });

  it('impersonate is refused without an engine, and done once drafted', async () => {
    const { controller, parts } = await setUp();
    expect(await controller.impersonate(null)).toMatchObject({ kind: 'refused' });
    expect(await controller.impersonate(engine(['My line."']))).toEqual(done);
    expect(parts.composer.text).toBe('My line.');
  });

  it('edit and answer again is refused without an engine, changing nothing', async () => {
    const { repo, chat, controller } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    await controller.send('Second.', engine(['Yes."']));
    expect(await controller.editAndResend(controller.messages[1]!.id, 'Changed.', null)).toMatchObject({ kind: 'refused' });
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'Hello.', 'Hi.', 'Second.', 'Yes.']);
  });

  it('the reply form is stored with the chat', async () => {
    const { repo, chat, controller } = await setUp();
    expect(await controller.setReplyForm('scene')).toEqual(done);
    expect(controller.chat.replyForm).toBe('scene');
    expect((await repo.chats.get(chat.id))?.replyForm).toBe('scene');
    repo.failWritesWith = quota();
    expect(await controller.setReplyForm('line')).toMatchObject({ kind: 'failed' });
    expect(controller.chat.replyForm).toBe('scene');
  });
});

describe('ChatController history actions', () => {
  it('waits for background work on the history (a summary being written) before deleting', async () => {
    const { repo, chat, controller, parts } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    let release: () => void = () => {};
    const background = new Promise<void>((r) => (release = r));
    parts.summaries.idle = () => background;
    const deleting = controller.delete(controller.messages[2]!.id);
    await new Promise((r) => setTimeout(r, 20));
    expect(await repo.messages.listByChat(chat.id)).toHaveLength(3);
    release();
    expect(await deleting).toEqual(done);
    expect(controller.messages.map((m) => m.text)).toEqual(['Good evening.', 'Hello.']);
  });

  it('keeps the editor text while the row is off screen and closes it once saved', async () => {
    const { controller } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    const line = controller.messages[1]!;
    controller.startEdit(line);
    controller.changeEdit('Hello there.');
    expect(controller.editing).toEqual({ id: line.id, text: 'Hello there.' });
    expect(await controller.edit(line.id, controller.editing!.text)).toEqual(done);
    expect(controller.editing).toBeNull();
    expect(controller.messages[1]).toMatchObject({ text: 'Hello there.', editedAt: expect.any(Number) });
    controller.startEdit(line);
    controller.cancelEdit();
    expect(controller.editing).toBeNull();
  });

  it('refused while this tab is generating, changing nothing', async () => {
    const { repo, chat, controller } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    const sending = controller.send('More.', engine([{ chunks: ['Slow', ' one."'], delayMs: 40 }]));
    await new Promise((r) => setTimeout(r, 10));
    expect(await controller.delete(controller.messages[2]!.id)).toEqual({ kind: 'refused', reason: msg('chat.waitForReply') });
    await sending;
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'Hello.', 'Hi.', 'More.', 'Slow one.']);
  });

  it('refused while the model drafts the user line', async () => {
    const { controller, parts } = await setUp();
    parts.composer.drafting = true;
    expect(await controller.edit(controller.messages[0]!.id, 'Hi.')).toEqual({ kind: 'refused', reason: msg('chat.waitForReply') });
  });

  it('refused when another tab holds the chat', async () => {
    const { chat, locks, controller } = await setUp();
    const release = holdLock(locks, chat);
    const outcome = await controller.edit(controller.messages[0]!.id, 'Hi.');
    expect(outcome.kind === 'refused' && said(outcome.reason)).toMatch(/another tab/);
    await release();
  });

  it('failed when the message is gone (deleted in another tab), or the edit is empty', async () => {
    const { repo, chat, controller, open } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    const { controller: other } = await open(chat);
    expect(await other.delete(controller.messages[2]!.id)).toEqual(done);
    expect(await controller.edit(controller.messages[2]!.id, 'Changed.')).toEqual({ kind: 'failed', error: msg('chat.error.messageGone') });
    const empty = await controller.edit(controller.messages[1]!.id, '  ');
    expect(empty.kind === 'failed' && said(empty.error)).toMatch(/cannot be empty/);
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'Hello.']);
  });

  it('notes an edit inside a summarized stretch, and clears the note on the next change', async () => {
    const { repo, chat, controller } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    const [greeting, hello] = controller.messages;
    const summary: Memory = {
      id: 'summary-1' as MemoryId,
      personaId: persona.id,
      chatId: chat.id,
      kind: 'summary',
      text: 'They met.',
      importance: 5,
      pinned: false,
      createdAt: 1,
      updatedAt: 1,
      lastAccessedAt: 1,
      accessCount: 0,
      range: { fromSeq: greeting!.seq, toSeq: hello!.seq },
      level: 0,
    };
    await repo.memories.put(summary);
    expect(await controller.edit(hello!.id, 'Hello there.')).toEqual(done);
    expect(controller.note).toEqual(msg('chat.inSummary'));
    expect(await controller.edit(controller.messages[2]!.id, 'Hi there.')).toEqual(done);
    expect(controller.note).toBeNull();
  });

  it('branch gives the new chat, or fails on a message not in this chat', async () => {
    const { repo, chat, controller } = await setUp();
    await controller.send('Hello.', engine(['Hi."']));
    const outcome: BranchOutcome = await controller.branch(controller.messages[1]!.id);
    if (outcome.kind !== 'done') throw new Error(said(outcome.error));
    expect(await texts(repo, outcome.chat)).toEqual(['Good evening.', 'Hello.']);
    expect(await controller.branch('missing' as never)).toMatchObject({ kind: 'failed' });
    expect(await texts(repo, chat)).toEqual(['Good evening.', 'Hello.', 'Hi.']);
  });
});

describe('ChatController.rate', () => {
  it('rates the shown alternative; each alternative keeps its own rating; a user line cannot be rated', async () => {
    const { repo, chat, controller } = await setUp();
    await controller.send('Hello.', engine(['Go away."', 'Welcome."']));
    const reply = controller.messages.at(-1)!;
    expect(await controller.rate(reply.id, 'down')).toEqual(done);
    await controller.regenerate(reply.id, engine(['Welcome."']));
    expect(await controller.rate(reply.id, 'up')).toEqual(done);
    const stored = (await repo.messages.listByChat(chat.id)).at(-1)!;
    expect(stored.rating).toBe('up');
    expect(stored.variants?.map((v) => v.rating)).toEqual(['down', 'up']);
    await controller.selectVariant(reply.id, 0);
    expect(controller.messages.at(-1)?.rating).toBe('down');
    expect(await controller.rate(reply.id, null)).toEqual(done);
    expect((await repo.messages.get(reply.id))?.rating).toBeUndefined();
    const line = controller.messages.find((m) => m.role === 'user')!;
    const refused = await controller.rate(line.id, 'up');
    expect(refused.kind).toBe('failed');
  });
});
