import { describe, expect, it, vi } from 'vitest';
import type { ChatId, MessageId } from '../../core/ids.ts';
import type { Message } from '../../core/message.ts';
import { messageActions, type ActionTarget } from './message-actions.ts';

function msg(seq: number, role: Message['role']): Message {
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role, text: `line ${seq}`, status: 'complete', createdAt: seq, updatedAt: seq };
}

function target(messages: Message[]): ActionTarget {
  return {
    messages,
    busy: false,
    regenerate: vi.fn(async () => {}),
    continueReply: vi.fn(async () => {}),
    respond: vi.fn(async () => {}),
    editAndResend: vi.fn(async () => null),
    history: {
      editing: null,
      startEdit: vi.fn(),
      changeEdit: vi.fn(),
      cancelEdit: vi.fn(),
      selectVariant: vi.fn(async () => null),
      edit: vi.fn(async () => null),
      editAndTruncate: vi.fn(async () => null),
      delete: vi.fn(async () => null),
      branch: vi.fn(async () => ({ problem: 'x' })),
    },
  };
}

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

  it('offers Reply on an unanswered last user line, and "and continue" edits only before the end', async () => {
    const list = [msg(0, 'assistant'), msg(1, 'user'), msg(2, 'assistant'), msg(3, 'user')];
    const t = target(list);
    expect(messageActions(t, list[3]!, noEngine, open).respond).toBeDefined();
    expect(messageActions(t, list[3]!, noEngine, open).editAndContinue).toBeUndefined();
    await messageActions(t, list[1]!, noEngine, open).editAndContinue?.('new');
    expect(t.editAndResend).toHaveBeenCalledWith('m1', 'new', null);
    await messageActions(t, list[2]!, noEngine, open).editAndContinue?.('new');
    expect(t.history.editAndTruncate).toHaveBeenCalledWith('m2', 'new');
  });

  it('opens the branch it made, or returns the problem', async () => {
    const list = [msg(0, 'assistant'), msg(1, 'user')];
    const t = target(list);
    expect(await messageActions(t, list[1]!, noEngine, open).branch()).toBe('x');
    const chat = { id: 'c2' as ChatId, personaId: 'p' as never, title: 'b', createdAt: 1, updatedAt: 1 };
    t.history.branch = vi.fn(async () => ({ chat }));
    const opened = vi.fn();
    expect(await messageActions(t, list[1]!, noEngine, opened).branch()).toBeNull();
    expect(opened).toHaveBeenCalledWith(chat);
  });
});
