/** Test data for the history actions (imported by tests only). */
import type { Chat } from '../chat.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message, MessageRole, MessageStatus } from '../message.ts';

export const personaId = 'p1' as PersonaId;
export const chatId = 'c1' as ChatId;

export function chat(overrides: Partial<Chat> = {}): Chat {
  return { id: chatId, personaId, title: 'Tea house', createdAt: 1, updatedAt: 2, ...overrides };
}

export function msg(
  seq: number,
  role: MessageRole = seq % 2 ? 'user' : 'assistant',
  status: MessageStatus = 'complete',
  extra: Partial<Message> = {},
): Message {
  return { id: `m${seq}` as MessageId, chatId, seq, role, text: `line ${seq}`, status, createdAt: seq, updatedAt: seq, ...extra };
}

/** A greeting (seq 0) followed by alternating user/assistant lines up to `last`. */
export function history(last: number): Message[] {
  return Array.from({ length: last + 1 }, (_, seq) => msg(seq));
}

function memory(id: string, extra: Partial<Memory>): Memory {
  return {
    id: id as MemoryId,
    personaId,
    chatId,
    kind: 'fact',
    text: id,
    importance: 5,
    pinned: false,
    createdAt: 1,
    updatedAt: 1,
    lastAccessedAt: 1,
    accessCount: 0,
    ...extra,
  };
}

export function summary(id: string, fromSeq: number, toSeq: number, extra: Partial<Memory> = {}): Memory {
  return memory(id, { kind: 'summary', range: { fromSeq, toSeq }, level: 0, ...extra });
}

export function fact(id: string, sourceSeq: number | undefined, extra: Partial<Memory> = {}): Memory {
  return memory(id, { kind: 'fact', ...(sourceSeq === undefined ? {} : { sourceMessageId: `m${sourceSeq}` as MessageId }), ...extra });
}
