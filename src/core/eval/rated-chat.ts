import type { Chat } from '../chat.ts';
import type { Message } from '../message.ts';
import type { ChatRating } from './chat-rating.ts';
import type { InterviewExchange } from './conduct-interview.ts';

/** One of the user's rated chats as a run snapshots it, so the judge grades what the user rated. */
export interface RatedChat {
  chatId: string;
  title: string;
  rating: ChatRating;
  exchanges: InterviewExchange[];
}

/**
 * A chat as exchanges for the judge: each character reply with the user's lines before it (the
 * greeting, with none, has an empty question). Replies that failed or are empty are left out.
 */
export function chatExchanges(messages: readonly Pick<Message, 'role' | 'text' | 'status'>[]): InterviewExchange[] {
  const exchanges: InterviewExchange[] = [];
  let pending: string[] = [];
  for (const m of messages) {
    if (m.role === 'user') {
      if (m.text.trim() !== '') pending.push(m.text.trim());
      continue;
    }
    if (m.status === 'error' || m.text.trim() === '') continue;
    exchanges.push({ question: pending.join('\n'), answer: m.text.trim(), followUp: false, dodged: false });
    pending = [];
  }
  return exchanges;
}

/** The snapshot of a rated chat for a run, or null when the user has not rated it or it has no reply. */
export function ratedChat(chat: Chat, messages: readonly Message[]): RatedChat | null {
  if (!chat.rating) return null;
  const exchanges = chatExchanges(messages);
  if (exchanges.length === 0) return null;
  return { chatId: chat.id, title: chat.title, rating: structuredClone(chat.rating), exchanges };
}
