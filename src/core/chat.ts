import type { ChatId, MessageId, PersonaId } from './ids.ts';
import type { ReplyForm, PersonaState } from './persona/index.ts';

/** A conversation with one persona. */
export interface Chat {
  id: ChatId;
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
}
