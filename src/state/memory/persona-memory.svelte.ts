import type { Chat } from '../../core/chat.ts';
import { extractChatFacts } from '../../core/conversation/extract-chat-facts.ts';
import { noteBudgets } from '../../core/prompt/budget.ts';
import { loreNote, notesFromRetrieval, whyFromRetrieval } from '../../core/prompt/notes.ts';
import { activateLore, loreSources } from '../../core/lore/activation.ts';
import { ValidationError } from '../../core/errors/index.ts';
import type { CastNames } from '../../core/group-chat.ts';
import { newId, type ChatId, type MemoryId, type PersonaId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Memory } from '../../core/memory/memory.ts';
import { markAccessed } from '../../core/memory/access.ts';
import { factsDue } from '../../core/memory/facts-memory.ts';
import { MAX_CATCH_UP_MESSAGES } from '../../core/conversation/background-work.ts';
import { MemoryIndex } from '../../core/memory/memory-index.ts';
import { retrieveForTurn } from '../../core/memory/retrieve-for-turn.ts';
import { buildExemplarPool, exemplarMemoriesVersion, keptReplies, newestKept, type KeptReply } from '../../core/memory/exemplar-pool.ts';
import type { ExemplarPool } from '../../core/memory/exemplars.ts';
import type { Message, PromptSource } from '../../core/message.ts';
import { namesOf, type Persona, type ReplyForm } from '../../core/persona/index.ts';
import { readPastedText, readSourceFile } from '../../core/extract/index.ts';
import { chunkSource, sourceChunksToMemories } from '../../core/memory/source-chunks.ts';
import { embeddingStateFor, type EmbeddingState } from './embedding-state.svelte.ts';
import { msg, type Message as Said } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import { MemoryEmbedding } from './memory-embedding.svelte.ts';
import type { AppServices } from '../app/services.ts';

/** Kept replies are read from at most this many of the persona's chats (the most recently used). */
export const KEPT_FROM_CHATS = 20;
/** What memory needs from the app's services. */
export type MemoryServices = Pick<AppServices, 'repo' | 'now' | 'loadTokenCounter'> & Partial<Pick<AppServices, 'createEmbedder' | 'connectPolicy'>>;

/** What one turn's retrieval depends on besides the history. */
export interface NotesTurn {
  /** The loaded model's window, in tokens. */
  contextWindow: number;
  /** Text already in the prompt (summaries, history): nothing repeats it. */
  promptText: string;
  /** Memory ids already in the prompt (the summaries in force). */
  excludeIds: ReadonlySet<string>;
  form: ReplyForm;
  /** The card's example dialogue is in the system prompt: its turns are no example candidates. */
  examplesInPrompt: boolean;
  /** Whose lines the chat's unsigned messages are (the chat's persona; a group chat's host); default this persona. */
  host?: PersonaId;
}

/** Longest memory text the user may save. */
const MAX_MEMORY_CHARS = 2000;

/**
 * Long-term memory of one persona: the searchable index (persona-level and every chat's
 * memories), per-turn retrieval for the prompt, fact extraction, and the memory view's edits.
 */
export class PersonaMemory {
  /** Every memory of the persona, newest first (for the memory view). */
  list = $state.raw<Memory[]>([]);
  /** What retrieval put into the latest prompt ("why" panel of the next reply). */
  lastWhy = $state.raw<PromptSource[]>([]);
  /** What the user is told about the last memory failure (chatting goes on without it). */
  error = $state.raw<Said | null>(null);
  #services: MemoryServices;
  #persona: Persona;
  #index = new MemoryIndex();
  #userTurnsSinceFacts = 0;
  /** The example lines of the last turn's chat, and what they were built from (rebuilt when that changes). */
  #pool: { key: string; pool: ExemplarPool } | null = null;
  /** The replies the user kept in this persona's chats, read once (see `#keptInChats`). */
  #kept: Promise<KeptReply[]> | null = null;
  /** Semantic search: the app's model (null without an embedder) and this persona's vectors. */
  readonly semantic: EmbeddingState | null;
  readonly embedding: MemoryEmbedding;

  constructor(services: MemoryServices, persona: Persona) {
    this.#services = services;
    this.#persona = persona;
    this.semantic = services.createEmbedder ? embeddingStateFor(services) : null;
    this.embedding = new MemoryEmbedding(
      this.semantic,
      services.repo.memories,
      () => this.#index,
      () => this.#refreshList(),
    );
  }

  async load(): Promise<void> {
    const memories = await this.#services.repo.memories.listByPersona(this.#persona.id);
    this.#index = MemoryIndex.build(memories, { embeddingModel: this.embedding.model });
    this.#refreshList();
    this.embedding.sync();
  }

  /**
   * Notes for the newest turn of `chatId`: memories, source passages, example turns (in the
   * chat's reply form; the card's own examples only when they are not in the prompt).
   */
  async notes(chatId: ChatId, history: readonly Message[], turn: NotesTurn): Promise<string[]> {
    const retrieval = await this.#retrieve(chatId, history, turn);
    return retrieval ? notesFromRetrieval(retrieval, this.#persona, turn.form) : [];
  }

  /**
   * The same notes split into memories (the persona's own lore that fires, facts, summaries,
   * source) and example turns, for the evaluation's ablations (which have no chat, so no books and
   * no placement: lore comes as notes).
   */
  async splitNotes(
    chatId: ChatId,
    history: readonly Message[],
    turn: Pick<NotesTurn, 'contextWindow' | 'form' | 'examplesInPrompt'>,
  ): Promise<{ memories: string[]; exemplars: string[] }> {
    const lore = activateLore({
      sources: loreSources(this.#persona.lore, [], []),
      messages: history.map((m) => m.text),
      seed: chatId,
      names: namesOf(this.#persona),
      counter: await this.#services.loadTokenCounter(),
      budget: noteBudgets(turn.contextWindow).lore,
      contextWindow: turn.contextWindow,
    });
    const loreNotes = lore.placed.map((l) => loreNote(l.text, this.#persona.language));
    const promptText = [...history.map((m) => m.text), ...lore.placed.map((l) => l.text)].join('\n');
    const r = await this.#retrieve(chatId, history, { ...turn, promptText, excludeIds: new Set() });
    if (!r) return { memories: loreNotes, exemplars: [] };
    return {
      memories: [...loreNotes, ...notesFromRetrieval({ ...r, exemplars: [] }, this.#persona, turn.form)],
      exemplars: notesFromRetrieval({ ...r, memories: [], sourceChunks: [] }, this.#persona, turn.form),
    };
  }

  async #retrieve(chatId: ChatId, history: readonly Message[], turn: NotesTurn) {
    const { contextWindow, promptText, excludeIds } = turn;
    try {
      const counter = await this.#services.loadTokenCounter();
      const messages = history
        .filter((m) => m.text.trim() !== '')
        .slice(-6)
        .map((m) => ({ role: m.role, text: m.text }));
      const vectors = await this.embedding.queryVectors(messages);
      const exemplars = await this.#exemplars(chatId, history, turn);
      const retrieval = retrieveForTurn({
        index: this.#index,
        chatId,
        persona: this.#persona,
        messages,
        vectors,
        promptText,
        excludeIds,
        budgets: noteBudgets(contextWindow),
        exemplars,
        tokenCounter: counter,
        now: this.#services.now(),
      });
      this.lastWhy = whyFromRetrieval(retrieval);
      await this.#touch(retrieval.accessedIds);
      return retrieval;
    } catch (error) {
      this.error = errorMessage(error);
      this.lastWhy = [];
      return null;
    }
  }

  /**
   * The example lines for a turn of `chatId` (see core/memory/exemplar-pool.ts): kept from the
   * last turn unless a memory it reads (sample lines, experiences, source) or the embedding model
   * changed, the user kept another reply in this chat, or the card's examples moved in or out of
   * the prompt. The replies kept in this chat are read from its
   * history (so rating or choosing one refreshes the pool); those of other chats once per session.
   */
  async #exemplars(chatId: ChatId, history: readonly Message[], turn: Pick<NotesTurn, 'examplesInPrompt' | 'host'>): Promise<ExemplarPool> {
    const persona = this.#persona.id;
    const here = keptReplies(history, { personaId: persona, host: turn.host ?? persona });
    const elsewhere = (await this.#keptInChats()).filter((k) => k.chatId !== chatId);
    const kept = newestKept([...here, ...elsewhere]);
    const key = JSON.stringify([chatId, turn.examplesInPrompt, exemplarMemoriesVersion(this.#index, chatId), kept.map((k) => [k.id, k.text])]);
    if (this.#pool?.key !== key) {
      this.#pool = { key, pool: buildExemplarPool(this.#persona, this.#index, chatId, { cardExamples: !turn.examplesInPrompt, kept }) };
    }
    return this.#pool.pool;
  }

  /**
   * The replies the user kept in this persona's chats (its own and the group chats it is in; the
   * newest {@link KEPT_FROM_CHATS}, so a library of long chats does not hold up the first reply),
   * read once. A failure sets `error` and gives none this turn (the next turn reads again).
   */
  async #keptInChats(): Promise<KeptReply[]> {
    const { chats, messages } = this.#services.repo;
    const persona = this.#persona.id;
    this.#kept ??= (async () => {
      const own = await chats.listByPersona(persona);
      const groups = await chats.listWithMember(persona);
      const all = [...own, ...groups.filter((g) => !own.some((c) => c.id === g.id))].sort((a, b) => b.updatedAt - a.updatedAt).slice(0, KEPT_FROM_CHATS);
      const kept: KeptReply[] = [];
      for (const chat of all) kept.push(...keptReplies(await messages.listByChat(chat.id), { personaId: persona, host: chat.personaId }));
      return newestKept(kept);
    })();
    try {
      return await this.#kept;
    } catch (error) {
      this.#kept = null;
      this.error = errorMessage(error);
      return [];
    }
  }

  /** Adds a memory made elsewhere (e.g. a scene summary) to the index. */
  add(memory: Memory): void {
    this.#index.upsert(memory);
    this.#refreshList();
    this.embedding.catchUp();
  }

  /**
   * Stores memories made elsewhere (reviewed experiences), indexes them and embeds them when
   * semantic search is on. @throws StorageError when they cannot be stored (nothing is indexed).
   */
  async storeMemories(memories: readonly Memory[]): Promise<void> {
    await this.#store(memories);
  }

  /** Counts a finished turn of the user; facts become due every few turns (see `factsDue`). */
  countTurn(): void {
    this.#userTurnsSinceFacts++;
  }

  /** True when enough of the user's turns have passed since facts were last extracted. */
  get factsDue(): boolean {
    return factsDue(this.#userTurnsSinceFacts);
  }

  /**
   * Extracts facts from the messages since the last extraction (two per turn of the user, at
   * most {@link MAX_CATCH_UP_MESSAGES}: extraction may have waited) and stores them; returns
   * them. A group chat passes its `cast` (each character's turns read under its name). A failure
   * sets `error` and returns none; the chat itself is never affected.
   */
  async extractFacts(engine: LlmEngine, chat: Chat, messages: readonly Message[], cast?: CastNames): Promise<Memory[]> {
    const window = Math.min(MAX_CATCH_UP_MESSAGES, Math.max(8, 2 * this.#userTurnsSinceFacts));
    this.#userTurnsSinceFacts = 0;
    try {
      const result = await extractChatFacts({
        engine,
        persona: this.#persona,
        chat,
        messages,
        window,
        existing: this.#index.all(),
        now: this.#services.now(),
        ...(cast ? { cast } : {}),
      });
      await this.#store(result.memories);
      return result.memories;
    } catch (error) {
      this.error = msg('memory.error.factsNotSaved', { why: errorMessage(error) });
      return [];
    }
  }

  /**
   * Keeps copies of facts another character of a group chat learnt there (each character
   * remembers the scene it was in); a fact with the same text already kept is skipped. A failure
   * sets `error`.
   */
  async adopt(facts: readonly Memory[]): Promise<void> {
    const known = new Set(this.#index.all().map((m) => m.text));
    const copies = facts.filter((f) => !known.has(f.text)).map((f): Memory => ({ ...f, id: newId<MemoryId>(), personaId: this.#persona.id }));
    try {
      await this.#store(copies);
    } catch (error) {
      this.error = msg('memory.error.factsNotSaved', { why: errorMessage(error) });
    }
  }

  async #store(memories: readonly Memory[]): Promise<void> {
    if (memories.length > 0) await this.#services.repo.memories.bulkPut([...memories]);
    for (const m of memories) this.#index.upsert(m);
    this.#refreshList();
    this.embedding.catchUp();
  }

  /** Memories whose text contains every word of `query` (case-insensitive), newest first. */
  search(query: string): Memory[] {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return this.list;
    return this.list.filter((m) => words.every((w) => m.text.toLowerCase().includes(w)));
  }

  /** Pins or unpins a memory (pinned ones are preferred by retrieval). */
  async setPinned(memory: Memory, pinned: boolean): Promise<Said | null> {
    return this.#save({ ...memory, pinned, updatedAt: this.#services.now() });
  }

  /** Replaces a memory's text; returns the problem to show, or null when saved. */
  async edit(memory: Memory, text: string): Promise<Said | null> {
    const clean = text.trim();
    if (!clean) return errorMessage(new ValidationError('empty', msg('memory.error.empty')));
    if (clean.length > MAX_MEMORY_CHARS) return errorMessage(new ValidationError('too-large', msg('memory.error.tooLong', { max: MAX_MEMORY_CHARS })));
    return this.#save({ ...memory, text: clean, embedding: undefined, updatedAt: this.#services.now() });
  }

  /** Deletes a memory; returns the problem to show, or null when deleted. */
  async remove(memory: Memory): Promise<Said | null> {
    try {
      await this.#services.repo.memories.delete(memory.id);
      this.#index.remove(memory.id);
      this.#refreshList();
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  /** The persona's source material (persona-level `source-chunk` memories), in stored order. */
  get sourceChunks(): Memory[] {
    return this.list.filter((m) => m.kind === 'source-chunk' && !m.chatId).reverse();
  }

  /**
   * Chunks pasted text or an uploaded .txt/.md file into source passages and stores them.
   * Returns the number of passages added, or the problem to show.
   */
  async addSource(input: { text: string } | { bytes: Uint8Array; fileName: string }): Promise<{ added: number } | { problem: Said }> {
    try {
      const source = 'bytes' in input ? readSourceFile(input.bytes, input.fileName) : readPastedText(input.text);
      const chunks = chunkSource(source.text);
      const memories = sourceChunksToMemories(chunks, { personaId: this.#persona.id, now: this.#services.now() });
      await this.#services.repo.memories.bulkPut(memories);
      for (const m of memories) this.#index.upsert(m);
      this.#refreshList();
      this.embedding.catchUp();
      return { added: memories.length };
    } catch (error) {
      return { problem: errorMessage(error) };
    }
  }

  /** Deletes every source passage of the persona; returns the problem to show, or null. */
  async removeAllSource(): Promise<Said | null> {
    try {
      for (const m of this.sourceChunks) {
        await this.#services.repo.memories.delete(m.id);
        this.#index.remove(m.id);
      }
      this.#refreshList();
      return null;
    } catch (error) {
      this.#refreshList();
      return errorMessage(error);
    }
  }

  async #save(memory: Memory): Promise<Said | null> {
    try {
      await this.#services.repo.memories.put(memory);
      this.#index.upsert(memory);
      this.#refreshList();
      this.embedding.catchUp();
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  async #touch(ids: readonly string[]): Promise<void> {
    const now = this.#services.now();
    const touched = ids
      .map((id) => this.#index.get(id))
      .filter((m): m is Memory => m !== undefined)
      .map((m) => markAccessed(m, now));
    if (touched.length === 0) return;
    for (const m of touched) this.#index.upsert(m);
    await this.#services.repo.memories.bulkPut(touched);
  }

  #refreshList(): void {
    this.list = this.#index.all().sort((a, b) => b.createdAt - a.createdAt);
  }
}
