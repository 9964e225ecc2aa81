/**
 * Importing a chat file of any length without freezing the page: the file is read in steps and
 * stored in batches (one `bulkPut` each), with a pause between steps so the interface can draw
 * the progress and take a click on Cancel.
 *
 * Nothing is stored until the whole file was read and found well-formed. The batches are
 * separate transactions, so a cancel or a failure while storing removes the chat again (with
 * every message stored so far): either the whole chat is there, or none of it.
 */
import type { Chat } from '../chat.ts';
import { newId, type ChatId, type MessageId, type PersonaId } from '../ids.ts';
import type { ChatRepository, MessageRepository } from '../repository.ts';
import { importedChat, importedMessages, type ImportedChatFields, type SillyTavernChatReader } from './sillytavern-chat.ts';

/** Lines read between two pauses. */
export const READ_STEP = 2000;
/** Messages stored per transaction. */
export const STORE_BATCH = 1000;

/** Where an import is: reading the file, storing messages, or removing them again after a cancel; `done` of `total`. */
export interface ImportProgress {
  phase: 'reading' | 'storing' | 'removing';
  done: number;
  total: number;
}

/** How the steps run: the pause between them, the stop signal, and who hears of the progress. */
export interface ImportSteps {
  /** Lets the interface run (e.g. a zero-delay timeout). */
  pause: () => Promise<void>;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * Reads the rest of the file in steps of {@link READ_STEP} lines.
 * @returns false when the signal stopped it (nothing was stored).
 * @throws ValidationError naming the first line that is wrong.
 */
export async function readInSteps(reader: SillyTavernChatReader, steps: ImportSteps, size = READ_STEP): Promise<boolean> {
  while (!reader.finished) {
    if (steps.signal?.aborted) return false;
    reader.read(size);
    steps.onProgress?.({ phase: 'reading', done: reader.done, total: reader.total });
    await steps.pause();
  }
  return !steps.signal?.aborted;
}

/** What storing needs: the chat and message stores and the clock. */
export interface ImportPorts {
  chats: ChatRepository;
  messages: MessageRepository;
  now: () => number;
}

/** The result of storing: the chat, or `cancelled` (everything stored was removed again). */
export type StoreOutcome = { kind: 'stored'; chat: Chat; messages: number } | { kind: 'cancelled' };

/**
 * Stores a read chat for `personaId` (`fields`: its title when the file has none, the user's
 * "you"): the chat first, then its messages in batches of `size`. On cancel or failure what was
 * stored is removed again (with progress: phase `removing`).
 * @throws StorageError when a batch cannot be stored (after removing the partial chat).
 */
export async function storeInBatches(
  ports: ImportPorts,
  reader: SillyTavernChatReader,
  personaId: PersonaId,
  fields: ImportedChatFields,
  steps: ImportSteps,
  size = STORE_BATCH,
): Promise<StoreOutcome> {
  const turns = reader.turns;
  const now = ports.now();
  const firstAt = turns.find((t) => t.createdAt !== undefined)?.createdAt;
  const chat = importedChat(reader.header, { chat: newId<ChatId>(), persona: personaId }, fields, now, firstAt);
  const batches: MessageId[][] = [];
  let stored = false;
  try {
    await ports.chats.put(chat);
    stored = true;
    let previousAt = chat.createdAt;
    for (let from = 0; from < turns.length && !steps.signal?.aborted; from += size) {
      const batch = importedMessages(turns.slice(from, from + size), chat.id, from, previousAt, () => newId<MessageId>());
      await ports.messages.bulkPut(batch);
      batches.push(batch.map((m) => m.id));
      previousAt = batch.at(-1)?.createdAt ?? previousAt;
      steps.onProgress?.({ phase: 'storing', done: Math.min(turns.length, from + size), total: turns.length });
      await steps.pause();
    }
    if (!steps.signal?.aborted) return { kind: 'stored', chat, messages: turns.length };
    await removeInBatches(ports, chat.id, batches, steps);
    return { kind: 'cancelled' };
  } catch (error) {
    // The failure that stopped the import is what the user hears of; a failed clean-up is logged.
    if (stored) await removeInBatches(ports, chat.id, batches, steps).catch((e: unknown) => console.error('Could not remove a partly imported chat', e));
    throw error;
  }
}

/**
 * Removes a partly stored chat: its messages batch by batch (by id, with progress and pauses, so
 * the page stays responsive however many there are), then the chat with anything left of it.
 */
async function removeInBatches(ports: ImportPorts, chatId: ChatId, batches: readonly MessageId[][], steps: ImportSteps): Promise<void> {
  const total = batches.reduce((n, b) => n + b.length, 0);
  let done = 0;
  for (const ids of batches) {
    await ports.messages.bulkDelete(ids);
    done += ids.length;
    steps.onProgress?.({ phase: 'removing', done, total });
    await steps.pause();
  }
  await ports.chats.delete(chatId);
}
