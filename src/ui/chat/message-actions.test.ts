import { describe, expect, it, vi } from 'vitest';
import type { ChatId, MessageId } from '../../core/ids.ts';
import { msg as said } from '../../core/i18n/message.ts';
import type { Message } from '../../core/message.ts';
import type { BranchOutcome, ChatOutcome } from '../../state/chat/chat-controller.ts';
import { messageActions, type ActionTarget } from './message-actions.ts';

function msg(seq: number, role: Message['role']): Message {
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role, text: `line ${seq}`, status: 'complete', createdAt: seq, updatedAt: seq };
}

function target(messages: Message[]): ActionTarget {
  return {
    messages,
    busy: false,
    editing: null,
    regenerate: vi.fn(async () => done),
    continueReply: vi.fn(async () => done),
    respond: vi.fn(async () => done),
    editAndResend: vi.fn(async () => done),
    startEdit: vi.fn(),
    changeEdit: vi.fn(),
    cancelEdit: vi.fn(),
    selectVariant: vi.fn(async () => done),
    edit: vi.fn(async () => done),
    editAndTruncate: vi.fn(async () => done),
    delete: vi.fn(async () => done),
    branch: vi.fn(async (): Promise<BranchOutcome> => ({ kind: 'failed', error: gone })),
    rate: vi.fn(async () => done),
  };
}

const done: ChatOutcome = { kind: 'done' };
const gone = said('chat.error.messageGone');
const noEngine = () => null;
const open = () => {};

describe('messageActions', () => {
  it('offers Regenerate and Continue only on the newest reply, never on the greeting', () => {
    const list = [msg(0, 'assistant'), msg(1, 'user'), msg(2, 'assistant')];
    const t = target(list);
    expect(messageActions(t, list[2]!, noEngine, open).regenerate).toBeDefined();
    expect(messageActions(t, list[2]!, noEngine, open).continue).toBeDefined();
    expect(messageActions(t, list[0]!, noEngine, open).regenerate).toBeUndefined();
    expect(messageActions(t, list[1]!, noEngine, open).regenerate).toBeUndefined();
    const greetingOnly = target([msg(0, 'assistant')]);
    expect(messageActions(greetingOnly, greetingOnly.messages[0]!, noEngine, open).regenerate).toBeUndefined();
  });

  it('marks the newest message, whose most used actions are always shown', () => {
    const list = [msg(0, 'assistant'), msg(1, 'user'), msg(2, 'assistant')];
    const t = target(list);
    expect(list.map((m) => messageActions(t, m, noEngine, open).newest)).toEqual([false, false, true]);
    const unanswered = target(list.slice(0, 2));
    expect(unanswered.messages.map((m) => messageActions(unanswered, m, noEngine, open).newest)).toEqual([false, true]);
  });

  it('in a group chat, a character turn right after the greeting (Speak before any user line) can be regenerated; the greeting cannot', () => {
    const list = [msg(0, 'assistant'), msg(1, 'assistant')];
    const group = { ...target(list), isGroup: true };
    expect(messageActions(group, list[1]!, noEngine, open).regenerate).toBeDefined();
    expect(messageActions(target(list), list[1]!, noEngine, open).regenerate).toBeUndefined();
    const greetingOnly = { ...target([msg(0, 'assistant')]), isGroup: true };
    expect(messageActions(greetingOnly, greetingOnly.messages[0]!, noEngine, open).regenerate).toBeUndefined();
  });

  it('offers Reply on an unanswered last user line, and "and continue" edits only before the end', async () => {
    const list = [msg(0, 'assistant'), msg(1, 'user'), msg(2, 'assistant'), msg(3, 'user')];
    const t = target(list);
    expect(messageActions(t, list[3]!, noEngine, open).respond).toBeDefined();
    expect(messageActions(t, list[3]!, noEngine, open).editAndContinue).toBeUndefined();
    await messageActions(t, list[1]!, noEngine, open).editAndContinue?.('new');
    expect(t.editAndResend).toHaveBeenCalledWith('m1', 'new', null);
    await messageActions(t, list[2]!, noEngine, open).editAndContinue?.('new');
    expect(t.editAndTruncate).toHaveBeenCalledWith('m2', 'new');
  });

  it('opens the branch it made, or returns the problem', async () => {
    const list = [msg(0, 'assistant'), msg(1, 'user')];
    const t = target(list);
    expect(await messageActions(t, list[1]!, noEngine, open).branch()).toBe(gone);
    const chat = { id: 'c2' as ChatId, personaId: 'p' as never, title: 'b', createdAt: 1, updatedAt: 1 };
    t.branch = vi.fn(async (): Promise<BranchOutcome> => ({ kind: 'done', chat }));
    const opened = vi.fn();
    expect(await messageActions(t, list[1]!, noEngine, opened).branch()).toBeNull();
    expect(opened).toHaveBeenCalledWith(chat);
  });

  it('shows why a history change was refused or failed, and nothing once it is done', async () => {
    const list = [msg(0, 'assistant'), msg(1, 'user')];
    const t = target(list);
    const wait = said('chat.waitForReply');
    expect(await messageActions(t, list[1]!, noEngine, open).delete()).toBeNull();
    t.delete = vi.fn(async (): Promise<ChatOutcome> => ({ kind: 'refused', reason: wait }));
    expect(await messageActions(t, list[1]!, noEngine, open).delete()).toBe(wait);
    t.edit = vi.fn(async (): Promise<ChatOutcome> => ({ kind: 'failed', error: gone }));
    expect(await messageActions(t, list[1]!, noEngine, open).edit('new')).toBe(gone);
  });
});

describe('rating a reply', () => {
  it('is offered on the model replies only; pressing the rating it has takes it back', async () => {
    const greeting = msg(0, 'assistant');
    const reply = { ...msg(2, 'assistant'), rating: 'up' as const };
    const t = target([greeting, msg(1, 'user'), reply]);
    expect(messageActions(t, greeting, noEngine, open).rate).toBeUndefined();
    expect(messageActions(t, t.messages[1]!, noEngine, open).rate).toBeUndefined();
    const actions = messageActions(t, reply, noEngine, open);
    expect(actions.rating).toBe('up');
    await actions.rate?.('up');
    await actions.rate?.('down');
    expect(t.rate).toHaveBeenNthCalledWith(1, reply.id, null);
    expect(t.rate).toHaveBeenNthCalledWith(2, reply.id, 'down');
  });
});
