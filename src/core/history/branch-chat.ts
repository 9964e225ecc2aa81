import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { newId, type ChatId, type MemoryId, type MessageId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { stateAtTurn } from '../persona/index.ts';
import type { ChatRepository, MemoryRepository, MessageRepository } from '../repository.ts';
import { isSummaryMemory } from '../summarize/summary-coverage.ts';
import { findMessage } from './find-message.ts';

/** A new chat branched from a message of another one, with its copied history, not yet saved. */
export interface ChatBranch {
  chat: Chat;
  messages: Message[];
  memories: Memory[];
}

/** What {@link planBranch} needs: the source chat with its messages and memories. */
export interface BranchInput {
  chat: Chat;
  messages: readonly Message[];
  memories: readonly Memory[];
  atMessageId: MessageId;
  now: number;
  /** Title of the new chat; blank or absent gives "<title> (branch)". */
  title?: string;
}

/**
 * Character replies among `messages` (in seq order), counted as the persona state does: a
 * complete assistant message after the user's first line (the greeting does not count).
 */
export function countCharacterReplies(messages: readonly Message[]): number {
  let seenUser = false;
  let replies = 0;
  for (const m of [...messages].sort((a, b) => a.seq - b.seq)) {
    if (m.role === 'user') seenUser = true;
    else if (m.role === 'assistant' && seenUser && m.status === 'complete') replies++;
  }
  return replies;
}

function copyMemory(memory: Memory, chatId: ChatId, sourceMessageId?: MessageId): Memory {
  return { ...memory, id: newId<MemoryId>(), chatId, ...(sourceMessageId ? { sourceMessageId } : {}) };
}

/**
 * Plans a new chat holding the history of `chat` up to and including `atMessageId`: copies
 * (new ids) of every non-streaming message up to it, of the chat's summaries lying wholly
 * inside that part and of its chat facts drawn from copied messages (a group chat's: every
 * character's); the persona state as it was at that point. A group chat's branch keeps its
 * members and turn order, and each copied reply its speaker and cue. Nothing is saved and the
 * inputs are not changed; embeddings are reused.
 * @throws StorageError `not-found` when the message is not in `messages`.
 * @throws ValidationError `invalid` when branching at a reply still streaming.
 */
export function planBranch(input: BranchInput): ChatBranch {
  const at = findMessage(input.messages, input.atMessageId);
  if (at.status === 'streaming') {
    throw new ValidationError('invalid', msg('history.error.stillWritingBranch'));
  }
  const source = input.chat;
  const id = newId<ChatId>();
  const kept = input.messages.filter((m) => m.chatId === source.id && m.seq <= at.seq && m.status !== 'streaming');
  const copyOf = new Map<string, MessageId>();
  const messages = kept.map((m) => {
    const copy: Message = { ...m, id: newId<MessageId>(), chatId: id };
    copyOf.set(m.id, copy.id);
    return copy;
  });
  const memories: Memory[] = [];
  for (const m of input.memories) {
    if (m.chatId !== source.id) continue;
    if (isSummaryMemory(m) && m.range.toSeq <= at.seq) memories.push(copyMemory(m, id));
    const sourceCopy = m.sourceMessageId === undefined ? undefined : copyOf.get(m.sourceMessageId);
    if (m.kind === 'fact' && sourceCopy) memories.push(copyMemory(m, id, sourceCopy));
  }
  const chat: Chat = {
    ...source,
    id,
    title: input.title?.trim() || `${source.title} (branch)`,
    createdAt: input.now,
    updatedAt: input.now,
    branchedFrom: { chatId: source.id, messageId: at.id },
    // A group chat's branch has the same characters, in its own list (the two chats change apart).
    ...(source.members ? { members: source.members.map((m) => ({ ...m })) } : {}),
  };
  if (source.personaState) chat.personaState = stateAtTurn(source.personaState, countCharacterReplies(kept));
  return { chat, messages, memories };
}

/**
 * Saves a planned branch: messages and memories first, the chat last, so a failure leaves no
 * visible half chat. On failure it tries to remove what it wrote, then rethrows.
 * @throws StorageError when storage fails.
 */
export async function saveBranch(repo: { chats: ChatRepository; messages: MessageRepository; memories: MemoryRepository }, branch: ChatBranch): Promise<void> {
  try {
    if (branch.messages.length > 0) await repo.messages.bulkPut(branch.messages);
    if (branch.memories.length > 0) await repo.memories.bulkPut(branch.memories);
    await repo.chats.put(branch.chat);
  } catch (error) {
    await removeBranchRows(repo, branch);
    throw error;
  }
}

/** Best-effort clean-up after a failed save; leftovers belong to no visible chat. */
async function removeBranchRows(repo: { messages: MessageRepository; memories: MemoryRepository }, branch: ChatBranch): Promise<void> {
  await Promise.allSettled([repo.messages.bulkDelete(branch.messages.map((m) => m.id)), ...branch.memories.map((m) => repo.memories.delete(m.id))]);
}
