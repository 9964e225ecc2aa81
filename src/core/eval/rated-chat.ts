import type { Chat } from '../chat.ts';
import { isGroupChat, speakerOf, type CastNames } from '../group-chat.ts';
import { msg, type Message as Said } from '../i18n/message.ts';
import type { PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import type { ChatRating } from './chat-rating.ts';
import type { InterviewExchange } from './conduct-interview.ts';

/** One of the user's rated chats as a run snapshots it, so the judge grades what the user rated. */
export interface RatedChat {
  chatId: string;
  title: string;
  rating: ChatRating;
  /** The evaluated persona's replies, each with what was said before it. */
  exchanges: InterviewExchange[];
  /** A group chat: only the evaluated persona's replies are exchanges; the other characters' lines are context. */
  group?: true;
  /**
   * The persona's stored memories (facts, experiences, source passages) most relevant to the
   * replies the judge is shown, which correctness checks the replies against (absent: none found).
   */
  memories?: string[];
}

/** A group chat is judged for a persona only when it said at least this many replies there. */
export const MIN_GROUP_REPLIES = 5;

/** Whose replies a chat's exchanges hold: a group chat's evaluated persona, with the names of the others. */
export interface ChatSpeaker {
  personaId: PersonaId;
  /** Names of the chat's characters by persona id (the others' lines are shown under them). */
  cast?: CastNames;
}

/** Names the line of a character the judge does not grade when the chat's cast lacks it. */
const ANOTHER_CHARACTER = 'Another character';

/**
 * A chat as exchanges for the judge: each character reply with the user's lines before it (the
 * greeting, with none, has an empty question). Replies that failed or are empty are left out.
 * With `speaker` (a group chat), only that persona's replies are exchanges, and the question holds
 * every line since its last reply, each named: `User: …` or the other character's name.
 */
export function chatExchanges(
  messages: readonly Pick<Message, 'role' | 'text' | 'status' | 'speakerId'>[],
  chat?: Pick<Chat, 'personaId'>,
  speaker?: ChatSpeaker,
): InterviewExchange[] {
  const group = chat !== undefined && speaker !== undefined;
  const exchanges: InterviewExchange[] = [];
  let pending: string[] = [];
  for (const m of messages) {
    const text = m.text.trim();
    if (m.role === 'user') {
      if (text !== '') pending.push(group ? `User: ${text}` : text);
      continue;
    }
    if (m.status === 'error' || text === '') continue;
    const id = group ? speakerOf(m, chat) : undefined;
    if (id !== undefined && id !== speaker?.personaId) {
      pending.push(`${speaker?.cast?.get(id) ?? ANOTHER_CHARACTER}: ${text}`);
      continue;
    }
    exchanges.push({ question: pending.join('\n'), answer: text, followUp: false, dodged: false });
    pending = [];
  }
  return exchanges;
}

/** The snapshot of a rated chat for a run, or null when the user has not rated it or it has no reply (of the evaluated persona). */
export function ratedChat(chat: Chat, messages: readonly Message[], speaker?: ChatSpeaker): RatedChat | null {
  if (!chat.rating) return null;
  const group = isGroupChat(chat) && speaker !== undefined;
  const exchanges = group ? chatExchanges(messages, chat, speaker) : chatExchanges(messages);
  if (exchanges.length === 0) return null;
  return { chatId: chat.id, title: chat.title, rating: structuredClone(chat.rating), exchanges, ...(group ? { group: true as const } : {}) };
}

/**
 * Why a rated group chat is left out of `persona`'s evaluation, or null when it is judged (one-to-one
 * chats always are): the persona said fewer than {@link MIN_GROUP_REPLIES} replies there.
 */
export function groupChatLeftOut(chat: Chat, messages: readonly Message[], persona: { id: PersonaId; name: string }): Said | null {
  if (!isGroupChat(chat)) return null;
  const replies = messages.filter((m) => m.role === 'assistant' && m.status !== 'error' && m.text.trim() !== '' && speakerOf(m, chat) === persona.id).length;
  if (replies >= MIN_GROUP_REPLIES) return null;
  return msg('eval.ratedChatFewReplies', { title: chat.title, name: persona.name, replies, min: MIN_GROUP_REPLIES });
}
