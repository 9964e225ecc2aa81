import type { Chat } from '../../core/chat.ts';
import type { MessageId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Message } from '../../core/message.ts';

/** What the user can do with one message; absent functions hide their buttons. */
export interface MessageActions {
  /** True while the chat is generating: actions wait. */
  busy: boolean;
  /** Another reply to the newest message; earlier ones stay as swipes. */
  regenerate?: () => void;
  /** Let the model carry on this (newest, cut-off) reply. */
  continue?: () => void;
  /** Answer this (newest) user line, e.g. after its reply was deleted. */
  respond?: () => void;
  /** Show another alternative of this reply. */
  selectVariant?: (index: number) => Promise<string | null>;
  /** The unsaved text while this message is being edited, else null. */
  editDraft: string | null;
  startEdit: () => void;
  changeEdit: (text: string) => void;
  cancelEdit: () => void;
  /** Save new text; later messages stay. */
  edit: (text: string) => Promise<string | null>;
  /** Save new text, remove the later messages and (for a user line) answer it again. Absent on the newest message. */
  editAndContinue?: (text: string) => Promise<string | null>;
  delete: () => Promise<string | null>;
  /** Copy the chat up to here into a new chat and open it. */
  branch: () => Promise<string | null>;
}

/** What `messageActions` needs: the open chat and the engine of the moment. */
export interface ActionTarget {
  readonly messages: readonly Message[];
  readonly busy: boolean;
  regenerate(id: MessageId, engine: LlmEngine | null): Promise<void>;
  continueReply(id: MessageId, engine: LlmEngine | null): Promise<void>;
  respond(engine: LlmEngine | null): Promise<void>;
  editAndResend(id: MessageId, text: string, engine: LlmEngine | null): Promise<string | null>;
  readonly history: {
    readonly editing: { id: MessageId; text: string } | null;
    startEdit(message: Message): void;
    changeEdit(text: string): void;
    cancelEdit(): void;
    selectVariant(id: MessageId, index: number): Promise<string | null>;
    edit(id: MessageId, text: string): Promise<string | null>;
    editAndTruncate(id: MessageId, text: string): Promise<string | null>;
    delete(id: MessageId): Promise<string | null>;
    branch(id: MessageId): Promise<{ chat: Chat } | { problem: string }>;
  };
}

/**
 * The actions of one message of `session`: regenerate/continue only on the newest reply, reply
 * on a newest user line, "and continue" edits only where later messages exist.
 */
export function messageActions(session: ActionTarget, message: Message, engine: () => LlmEngine | null, openChat: (chat: Chat) => void): MessageActions {
  const last = session.messages.at(-1)?.id === message.id;
  const newestReply = last && message.role === 'assistant';
  const isGreeting = message.role === 'assistant' && !session.messages.some((m) => m.role === 'user' && m.seq < message.seq);
  return {
    busy: session.busy,
    regenerate: newestReply && !isGreeting ? () => void session.regenerate(message.id, engine()) : undefined,
    continue: newestReply ? () => void session.continueReply(message.id, engine()) : undefined,
    respond: last && message.role === 'user' ? () => void session.respond(engine()) : undefined,
    selectVariant: message.variants && message.variants.length > 1 ? (i) => session.history.selectVariant(message.id, i) : undefined,
    editDraft: session.history.editing?.id === message.id ? session.history.editing.text : null,
    startEdit: () => session.history.startEdit(message),
    changeEdit: (text) => session.history.changeEdit(text),
    cancelEdit: () => session.history.cancelEdit(),
    edit: (text) => session.history.edit(message.id, text),
    editAndContinue: last
      ? undefined
      : (text) => (message.role === 'user' ? session.editAndResend(message.id, text, engine()) : session.history.editAndTruncate(message.id, text)),
    delete: () => session.history.delete(message.id),
    branch: async () => {
      const result = await session.history.branch(message.id);
      if ('problem' in result) return result.problem;
      openChat(result.chat);
      return null;
    },
  };
}
