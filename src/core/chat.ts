import type { ChatRating } from './eval/chat-rating.ts';
import type { GroupMember, TurnOrder } from './group-chat.ts';
import type { ChatId, MessageId, PersonaId } from './ids.ts';
import type { BookId } from './lore/world-book.ts';
import type { AuthorsNote, ReplyForm, PersonaState } from './persona/index.ts';
import type { StyleSettings } from './style-controls.ts';

/** A conversation with one persona, or with several (a group chat, see `group-chat.ts`). */
export interface Chat {
  id: ChatId;
  /** The persona of a one-to-one chat; a group chat's first member (the host). */
  personaId: PersonaId;
  title: string;
  createdAt: number;
  updatedAt: number;
  /** Set when this chat was branched from a message of another chat. */
  branchedFrom?: { chatId: ChatId; messageId: MessageId };
  /** The character's evolving mood and closeness in this chat, with its history. */
  personaState?: PersonaState;
  /** The reply form of this chat when the user changed it from the persona's. */
  replyForm?: ReplyForm;
  /** This chat's own author's note (its text may be empty: none here); unset: the persona's default. */
  authorsNote?: AuthorsNote;
  /**
   * This chat's own style values, on top of the persona's (a group chat: of every character's); the
   * system prompt's style section and the style drift check follow them. Unset: the persona's style.
   */
  style?: Partial<StyleSettings>;
  /** The user's "you" in this chat when picked in the chat (else the default one; see `core/persona/user-personas.ts`). */
  userPersonaId?: string;
  /** World books attached to this chat only (besides the global ones and the persona's). */
  bookIds?: BookId[];
  /** A group chat's characters, in order (the first is `personaId`); unset: a one-to-one chat. */
  members?: GroupMember[];
  /** A group chat's order of speakers when the user's line addresses nobody by name (default `list`). */
  turnOrder?: TurnOrder;
  /** Each new reply is read aloud as it completes (see `core/voice.ts`); unset: off. */
  autoRead?: boolean;
  /** The user's own rating of this chat (each dimension 1–5 and a comment), once it had enough turns. */
  rating?: ChatRating;
}
