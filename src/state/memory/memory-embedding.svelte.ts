import type { Memory } from '../../core/memory/memory.ts';
import type { MemoryIndex } from '../../core/memory/memory-index.ts';
import { memoriesNeedingEmbedding, withEmbedding } from '../../core/memory/reembed.ts';
import type { TurnMessage } from '../../core/memory/retrieval-types.ts';
import type { MemoryRepository } from '../../core/repository.ts';
import type { EmbeddingState } from './embedding-state.svelte.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';

/** Memories embedded per model call while catching up. */
const BATCH = 16;

/**
 * Keeps one persona's memory index in the current embedding model's vector space: switches the
 * index when the model becomes ready, embeds memories without a current vector in the background
 * (with progress), and embeds each turn's query.
 */
export class MemoryEmbedding {
  /** Background progress ("Embedding 120 of 800 memories"); null when idle. */
  progress = $state.raw<{ done: number; total: number } | null>(null);
  /** What the user is told about the last failure to catch up. */
  error = $state.raw<Message | null>(null);
  #state: EmbeddingState | null;
  #repo: MemoryRepository;
  #index: () => MemoryIndex;
  #running: Promise<void> | null = null;
  #again = false;
  #onStored: () => void;

  /** `onStored` runs after each batch of vectors is stored (e.g. to refresh the memory list). */
  constructor(state: EmbeddingState | null, repo: MemoryRepository, index: () => MemoryIndex, onStored: () => void) {
    this.#state = state;
    this.#repo = repo;
    this.#index = index;
    this.#onStored = onStored;
  }

  /** The model whose vectors are searched now (undefined: keyword search only). */
  get model(): string | undefined {
    return this.#state?.modelId;
  }

  /** Points the index at the ready model (or none) and starts catching up when needed. */
  sync(): void {
    const model = this.model;
    const index = this.#index();
    if (index.embeddingModel !== model) index.setEmbeddingModel(model);
    if (model && memoriesNeedingEmbedding(index.all(), model).length > 0) this.catchUp();
  }

  /** Embeds, in the background, every memory without a vector of the current model. */
  catchUp(): void {
    if (!this.model) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#run().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        this.catchUp();
      }
    });
  }

  /** Resolves when the background work in progress (if any) is done; for tests. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Query vectors for a turn: the recent context and the user's line; undefined without a model. */
  async queryVectors(messages: readonly TurnMessage[]): Promise<{ context?: Float32Array; userLine?: Float32Array } | undefined> {
    if (!this.model || !this.#state) return undefined;
    this.sync();
    const context = messages
      .slice(-2)
      .map((m) => m.text)
      .join('\n');
    const userLine = [...messages].reverse().find((m) => m.role === 'user')?.text ?? context;
    if (!context.trim()) return undefined;
    const vectors = await this.#state.embed([context, userLine], 'query');
    if (!vectors || vectors.length < 2) return undefined;
    return { context: vectors[0], userLine: vectors[1] };
  }

  async #run(): Promise<void> {
    const model = this.model;
    if (!model || !this.#state) return;
    const index = this.#index();
    const todo = memoriesNeedingEmbedding(index.all(), model);
    if (todo.length === 0) return;
    this.progress = { done: 0, total: todo.length };
    try {
      for (let i = 0; i < todo.length; i += BATCH) {
        if (this.model !== model) return;
        const batch = todo.slice(i, i + BATCH);
        const vectors = await this.#state.embed(
          batch.map((m) => m.text),
          'passage',
        );
        if (!vectors) return;
        const updated = batch.flatMap((m, j): Memory[] => {
          const current = index.get(m.id);
          return current && current.text === m.text && vectors[j] ? [withEmbedding(current, model, vectors[j])] : [];
        });
        await this.#repo.bulkPut(updated);
        for (const m of updated) if (index.get(m.id)) index.upsert(m);
        this.#onStored();
        this.progress = { done: Math.min(i + BATCH, todo.length), total: todo.length };
      }
    } catch (error) {
      this.error = msg('semantic.error.embedding', { why: errorMessage(error) });
    } finally {
      this.progress = null;
    }
  }
}
