import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { ChatId, MemoryId, MessageId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import type { MemoryRepository, MessageRepository } from '../repository.ts';
import { isSummaryMemory } from '../summarize/summary-coverage.ts';
import { findMessage } from './find-message.ts';

/** What a delete or a truncation removes from storage, and the summaries it leaves behind. */
export interface HistoryRemoval {
  messageIds: MessageId[];
  memoryIds: MemoryId[];
  /** Kept summaries that still cover removed turns (they may mention what was removed). */
  keptSummaries: Memory[];
}

function refuseStreaming(removed: readonly Message[]): void {
  if (removed.some((m) => m.status === 'streaming')) {
    throw new ValidationError('invalid', msg('history.error.stillWritingDelete'));
  }
}

/** Unpinned facts of the chat whose source is one of the removed messages. */
function factsFrom(memories: readonly Memory[], removed: readonly Message[]): Memory[] {
  const ids = new Set<string>(removed.map((m) => m.id));
  const chatId = removed[0]?.chatId;
  return memories.filter((m) => m.kind === 'fact' && m.chatId === chatId && !m.pinned && m.sourceMessageId !== undefined && ids.has(m.sourceMessageId));
}

/** The summaries of the message's chat whose range contains its `seq`. */
export function summariesCovering(memories: readonly Memory[], message: Message): Memory[] {
  return memories.filter((m) => isSummaryMemory(m) && m.chatId === message.chatId && m.range.fromSeq <= message.seq && message.seq <= m.range.toSeq);
}

/**
 * The chat's summaries reaching past `endSeq`. They must go: the next message reuses the seq
 * after the chat's last one, and a summary covering it would hide it from the prompt.
 */
function summariesPastEnd(memories: readonly Memory[], chatId: ChatId, endSeq: number): Memory[] {
  return memories.filter((m) => isSummaryMemory(m) && m.chatId === chatId && m.range.toSeq > endSeq);
}

/**
 * Plans deleting one message: the message and the unpinned chat facts drawn from it.
 * Summaries covering it are kept (listed in `keptSummaries` so the user can be told), except
 * those reaching past the chat's new last message, which are removed.
 * @throws StorageError `not-found` when the message is not in `messages`.
 * @throws ValidationError `invalid` when it is a reply still streaming.
 */
export function planDeleteMessage(messages: readonly Message[], memories: readonly Memory[], id: MessageId): HistoryRemoval {
  const target = findMessage(messages, id);
  refuseStreaming([target]);
  const endSeq = messages.reduce((end, m) => (m.chatId === target.chatId && m.id !== target.id ? Math.max(end, m.seq) : end), -1);
  const pastEnd = summariesPastEnd(memories, target.chatId, endSeq);
  const gone = new Set(pastEnd);
  return {
    messageIds: [target.id],
    memoryIds: [...pastEnd, ...factsFrom(memories, [target])].map((m) => m.id),
    keptSummaries: summariesCovering(memories, target).filter((m) => !gone.has(m)),
  };
}

/**
 * Plans removing every message after `id` (higher `seq`) of its chat, as "edit and continue
 * from here" does: those messages, the chat's summaries (pinned or not) reaching past the new
 * end, and the unpinned chat facts drawn from removed messages. The message itself and all
 * earlier ones stay; `keptSummaries` is empty.
 * @throws StorageError `not-found` when the message is not in `messages`.
 * @throws ValidationError `invalid` when a message to remove is still streaming.
 */
export function planTruncateAfter(messages: readonly Message[], memories: readonly Memory[], id: MessageId): HistoryRemoval {
  const target = findMessage(messages, id);
  const removed = messages.filter((m) => m.chatId === target.chatId && m.seq > target.seq);
  refuseStreaming(removed);
  const facts = removed.length > 0 ? factsFrom(memories, removed) : [];
  return {
    messageIds: removed.map((m) => m.id),
    memoryIds: [...summariesPastEnd(memories, target.chatId, target.seq), ...facts].map((m) => m.id),
    keptSummaries: [],
  };
}

/**
 * Carries out a planned removal: the messages first (one atomic bulk delete), then the memories.
 * @throws StorageError when storage fails; messages already deleted stay deleted.
 */
export async function applyRemoval(repo: { messages: MessageRepository; memories: MemoryRepository }, removal: HistoryRemoval): Promise<void> {
  if (removal.messageIds.length > 0) await repo.messages.bulkDelete(removal.messageIds);
  for (const id of removal.memoryIds) await repo.memories.delete(id);
}
