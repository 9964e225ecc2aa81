import type { InterviewExchange } from '../eval/conduct-interview.ts';
import type { ChatId, MessageId } from '../ids.ts';
import type { Message } from '../message.ts';

const INTERVIEW_CHAT = 'eval-interview' as ChatId;

function message(seq: number, role: Message['role'], text: string): Message {
  return { id: `eval-${seq}` as MessageId, chatId: INTERVIEW_CHAT, seq, role, text, status: 'complete', createdAt: seq, updatedAt: seq };
}

/**
 * An interview so far as the chat's message list: each earlier question (a user line) and its
 * answer (a complete reply), then the new question as the user's line to answer. Answers are
 * sent in their clean form, as the chat resends an edited or prefix-less reply.
 */
export function interviewMessages(history: readonly InterviewExchange[], question: string): Message[] {
  const out: Message[] = [];
  for (const exchange of history) {
    out.push(message(out.length + 1, 'user', exchange.question));
    out.push(message(out.length + 1, 'assistant', exchange.answer));
  }
  out.push(message(out.length + 1, 'user', question));
  return out;
}
