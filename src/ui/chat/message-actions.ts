import type { Chat } from '../../core/chat.ts';
import type { MessageId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Message as Said } from '../../core/i18n/message.ts';
import type { Message, ReplyRating } from '../../core/message.ts';
import type { BranchOutcome, ChatOutcome, EditDraft } from '../../state/chat/chat-controller.ts';
import type { ReadAloud } from '../../state/chat/read-aloud.svelte.ts';

/** What the user can do with one message; absent functions hide their buttons. */
export interface MessageActions {
  /** True while the chat is generating: actions wait. */
  busy: boolean;
  /** The chat's newest message: its most used actions (Regenerate or Reply, and Edit) are always shown. */
  newest: boolean;
  /** Another reply to the newest message; earlier ones stay as swipes. */
  regenerate?: () => void;
  /** Let the model carry on this (newest, cut-off) reply. */
  continue?: () => void;
  /** Answer this (newest) user line, e.g. after its reply was deleted. */
  respond?: () => void;
  /** Show another alternative of this reply. */
  selectVariant?: (index: number) => Promise<Said | null>;
  /** The unsaved text while this message is being edited, else null. */
  editDraft: string | null;
  startEdit: () => void;
  changeEdit: (text: string) => void;
  cancelEdit: () => void;
  /** Save new text; later messages stay. */
  edit: (text: string) => Promise<Said | null>;
  /** Save new text, remove the later messages and (for a user line) answer it again. Absent on the newest message. */
  editAndContinue?: (text: string) => Promise<Said | null>;
  delete: () => Promise<Said | null>;
  /** Copy the chat up to here into a new chat and open it. */
  branch: () => Promise<Said | null>;
  /** Rate this reply of the model (the same rating again takes it back); absent on the user's lines and the greeting. */
  rate?: (rating: ReplyRating) => Promise<Said | null>;
  /** The reply's current rating, if any. */
  rating?: ReplyRating;
  /** Read a character's message aloud, or stop it; absent on the user's lines and where the browser cannot read aloud. */
  readAloud?: { reading: boolean; toggle: () => void };
}

/** What `messageActions` needs: the open chat (a `ChatSession`) and the engine of the moment. */
export interface ActionTarget {
  readonly messages: readonly Message[];
  readonly busy: boolean;
  readonly editing: EditDraft | null;
  /** A group chat: a character's turn taken right after the greeting (no user line yet) can be regenerated too. */
  readonly isGroup?: boolean;
  regenerate(id: MessageId, engine: LlmEngine | null): Promise<ChatOutcome>;
  continueReply(id: MessageId, engine: LlmEngine | null): Promise<ChatOutcome>;
  respond(engine: LlmEngine | null): Promise<ChatOutcome>;
  editAndResend(id: MessageId, text: string, engine: LlmEngine | null): Promise<ChatOutcome>;
  startEdit(message: Message): void;
  changeEdit(text: string): void;
  cancelEdit(): void;
  selectVariant(id: MessageId, index: number): Promise<ChatOutcome>;
  edit(id: MessageId, text: string): Promise<ChatOutcome>;
  editAndTruncate(id: MessageId, text: string): Promise<ChatOutcome>;
  delete(id: MessageId): Promise<ChatOutcome>;
  branch(id: MessageId): Promise<BranchOutcome>;
  rate(id: MessageId, rating: ReplyRating | null): Promise<ChatOutcome>;
  /** Reading aloud (absent: no play buttons). */
  readonly voice?: Pick<ReadAloud, 'canRead' | 'reading' | 'toggle'>;
}

/** The problem to show next to the message: why the action was refused or failed, or null once done. */
function problemOf(outcome: ChatOutcome): Said | null {
  if (outcome.kind === 'refused') return outcome.reason;
  return outcome.kind === 'failed' ? outcome.error : null;
}

/**
 * The actions of one message of `session`: regenerate/continue only on the newest reply, reply
 * on a newest user line, "and continue" edits only where later messages exist. Replies shown
 * while they are written tell their failures in the chat itself; the history actions return theirs.
 */
export function messageActions(session: ActionTarget, message: Message, engine: () => LlmEngine | null, openChat: (chat: Chat) => void): MessageActions {
  const last = session.messages.at(-1)?.id === message.id;
  const newestReply = last && message.role === 'assistant';
  const isGreeting = message.role === 'assistant' && !session.messages.some((m) => m.seq < message.seq && (session.isGroup === true || m.role === 'user'));
  const voice = session.voice;
  return {
    busy: session.busy,
    newest: last,
    regenerate: newestReply && !isGreeting ? () => void session.regenerate(message.id, engine()) : undefined,
    continue: newestReply ? () => void session.continueReply(message.id, engine()) : undefined,
    respond: last && message.role === 'user' ? () => void session.respond(engine()) : undefined,
    selectVariant: message.variants && message.variants.length > 1 ? async (i) => problemOf(await session.selectVariant(message.id, i)) : undefined,
    editDraft: session.editing?.id === message.id ? session.editing.text : null,
    startEdit: () => session.startEdit(message),
    changeEdit: (text) => session.changeEdit(text),
    cancelEdit: () => session.cancelEdit(),
    edit: async (text) => problemOf(await session.edit(message.id, text)),
    editAndContinue: last
      ? undefined
      : async (text) =>
          problemOf(await (message.role === 'user' ? session.editAndResend(message.id, text, engine()) : session.editAndTruncate(message.id, text))),
    delete: async () => problemOf(await session.delete(message.id)),
    ...(message.role === 'assistant' && !isGreeting
      ? {
          rate: async (rating: ReplyRating) => problemOf(await session.rate(message.id, message.rating === rating ? null : rating)),
          ...(message.rating ? { rating: message.rating } : {}),
        }
      : {}),
    ...(voice?.canRead && message.role === 'assistant' && message.text.trim() !== ''
      ? { readAloud: { reading: voice.reading === message.id, toggle: () => void voice.toggle(message) } }
      : {}),
    branch: async () => {
      const outcome = await session.branch(message.id);
      if (outcome.kind === 'failed') return outcome.error;
      openChat(outcome.chat);
      return null;
    },
  };
}
