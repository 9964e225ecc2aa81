import type { Chat } from './chat.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from './ids.ts';
import type { EvalRunState } from './eval/run-state.ts';
import type { Memory } from './memory/memory.ts';
import type { Message } from './message.ts';
import type { Persona } from './persona/index.ts';
import type { BookId, WorldBook } from './lore/world-book.ts';

/** Storage of personas. */
export interface PersonaRepository {
  list(): Promise<Persona[]>;
  get(id: PersonaId): Promise<Persona | undefined>;
  put(persona: Persona): Promise<void>;
  /**
   * Deletes the persona with all its chats, messages and memories. A group chat it shares with
   * others stays theirs: it leaves the members (the next one becomes the host), its lines stay.
   */
  delete(id: PersonaId): Promise<void>;
}

/** Storage of chats. */
export interface ChatRepository {
  /** The chats whose persona (a group chat's host) this is, newest first. */
  listByPersona(personaId: PersonaId): Promise<Chat[]>;
  /** The group chats this persona is a member of (host or not), newest first. */
  listWithMember(personaId: PersonaId): Promise<Chat[]>;
  get(id: ChatId): Promise<Chat | undefined>;
  put(chat: Chat): Promise<void>;
  /** Deletes the chat with its messages and chat-level memories. */
  delete(id: ChatId): Promise<void>;
}

/** Storage of messages, ordered by `seq` within a chat. */
export interface MessageRepository {
  listByChat(chatId: ChatId): Promise<Message[]>;
  get(id: MessageId): Promise<Message | undefined>;
  put(message: Message): Promise<void>;
  /** Updates some fields of a stored message. */
  patch(id: MessageId, changes: Partial<Omit<Message, 'id' | 'chatId'>>): Promise<void>;
  delete(id: MessageId): Promise<void>;
  /** Saves several messages at once, all or none. */
  bulkPut(messages: Message[]): Promise<void>;
  /** Deletes several messages at once, all or none; unknown ids are ignored. */
  bulkDelete(ids: MessageId[]): Promise<void>;
  /** The highest `seq` used in the chat, or -1 when it is empty. */
  lastSeq(chatId: ChatId): Promise<number>;
  /** Every message left in `streaming` state (after a crash or reload). */
  listStreaming(): Promise<Message[]>;
}

/** Key-value settings storage. */
export interface SettingsRepository {
  get<T>(key: string): Promise<T | undefined>;
  set<T>(key: string, value: T): Promise<void>;
}

/** A saved evaluation run (checkpointed after every judged item) with the persona it tested. */
export interface StoredEvalRun {
  id: string;
  personaId: PersonaId;
  updatedAt: number;
  state: EvalRunState;
}

/** Storage of evaluation runs and their reports. */
export interface EvalRunRepository {
  listByPersona(personaId: PersonaId): Promise<StoredEvalRun[]>;
  get(id: string): Promise<StoredEvalRun | undefined>;
  put(run: StoredEvalRun): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Storage of world books. */
export interface BookRepository {
  list(): Promise<WorldBook[]>;
  get(id: BookId): Promise<WorldBook | undefined>;
  put(book: WorldBook): Promise<void>;
  /** Deletes the book; personas, chats and the global list that name it keep a dangling id, which is ignored. */
  delete(id: BookId): Promise<void>;
}

/** All storage ports together. */
export interface Repository {
  personas: PersonaRepository;
  chats: ChatRepository;
  messages: MessageRepository;
  settings: SettingsRepository;
  memories: MemoryRepository;
  evalRuns: EvalRunRepository;
  books: BookRepository;
}

/** Storage of long-term memories. */
export interface MemoryRepository {
  listByPersona(personaId: PersonaId): Promise<Memory[]>;
  listByChat(chatId: ChatId): Promise<Memory[]>;
  put(memory: Memory): Promise<void>;
  bulkPut(memories: Memory[]): Promise<void>;
  delete(id: MemoryId): Promise<void>;
}
