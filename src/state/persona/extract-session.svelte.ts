import { EngineError } from '../../core/errors/index.ts';
import type { RefineResult, SourceText } from '../../core/extract/index.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { PersonaInit } from '../../core/persona/index.ts';
import { readPickedFile, type PickedFile } from './card-transfer.svelte.ts';

/** Source reading, chunking and drafting, loaded on first use (kept out of the initial download). */
const loadExtract = () => import('../../core/extract/index.ts');
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';

/** Tokens per chunk of source text: leaves room for the draft and the answer in a 4096 context. */
export const EXTRACT_CHUNK_TOKENS = 1200;

/** Where the text comes from. */
export type ExtractSource = { kind: 'text'; text: string } | { kind: 'file'; file: PickedFile };

/** Where an extraction stands. */
export type ExtractPhase = 'idle' | 'preparing' | 'running' | 'review';

/** Progress of the running extraction: chunk `chunk` (1-based) of `chunkCount`. */
export interface ExtractProgress {
  chunk: number;
  chunkCount: number;
  receivedChars: number;
}

/** Options of {@link ExtractSession.start}. */
export interface ExtractOptions {
  /** Which character to extract; blank: the main character. */
  characterName?: string;
}

function outcomeText(result: RefineResult, total: number): Message {
  if (result.status === 'complete') return total === 1 ? msg('extract.outcome.complete.one') : msg('extract.outcome.complete.other', { count: total });
  const counts = { done: result.chunksDone, total };
  return result.status === 'cancelled' ? msg('extract.outcome.cancelled', counts) : msg('extract.outcome.stopped', counts);
}

/**
 * Static extraction: pasted text or a .txt/.md file is chunked (exact Qwen token counts) and
 * a persona draft is refined chunk by chunk with the ready engine, with progress and cancel.
 * The draft then waits in `review` for the user to edit and save; nothing is stored here.
 */
export class ExtractSession {
  phase = $state<ExtractPhase>('idle');
  progress = $state.raw<ExtractProgress | null>(null);
  /** What the user is told about the last failure. */
  error = $state.raw<Message | null>(null);
  warnings = $state.raw<Message[]>([]);
  /** How the last run ended, e.g. "Read all 3 chunks of the text." */
  outcome = $state.raw<Message | null>(null);
  /** The persona drafted from the text, for review. */
  review = $state.raw<PersonaInit | null>(null);
  sourceName = $state<string | null>(null);
  /** What the user pasted (kept while they look elsewhere). */
  text = $state('');
  /** Which character to extract, as typed; blank: the main character. */
  characterName = $state('');
  #services: Pick<AppServices, 'loadTokenCounter'>;
  #chunkTokens: number;
  #controller: AbortController | null = null;

  constructor(services: Pick<AppServices, 'loadTokenCounter'>, options: { chunkTokens?: number } = {}) {
    this.#services = services;
    this.#chunkTokens = options.chunkTokens ?? EXTRACT_CHUNK_TOKENS;
  }

  /** True while the text is being read or the model is working. */
  get running(): boolean {
    return this.phase === 'preparing' || this.phase === 'running';
  }

  /**
   * Reads the source, chunks it and refines the draft with `engine`. Problems (no engine,
   * empty/binary/oversized input, an engine failure) end up in `error`; the draft found so
   * far is kept for review whenever at least one chunk was read.
   */
  async start(source: ExtractSource, engine: LlmEngine | null, options: ExtractOptions = {}): Promise<void> {
    if (this.running) return;
    this.#resetResult();
    if (!engine) {
      this.error = errorMessage(new EngineError('not-loaded', msg('extract.noModel')));
      return;
    }
    const controller = new AbortController();
    this.#controller = controller;
    this.phase = 'preparing';
    try {
      const text = await this.#read(source);
      this.sourceName = text.name;
      const { chunkText, refinePersonaDraft, draftToPersonaInit } = await loadExtract();
      const counter = await this.#services.loadTokenCounter();
      const chunks = chunkText(text.text, counter, { maxTokens: this.#chunkTokens });
      if (controller.signal.aborted) return this.#finishCancelledEarly();
      this.phase = 'running';
      this.progress = { chunk: 1, chunkCount: chunks.length, receivedChars: 0 };
      const result = await refinePersonaDraft({
        engine,
        chunks: chunks.map((c) => c.text),
        characterName: options.characterName,
        signal: controller.signal,
        onProgress: (p) => (this.progress = { chunk: p.chunk, chunkCount: p.chunkCount, receivedChars: p.receivedChars }),
      });
      this.#finish(result, chunks.length, draftToPersonaInit);
    } catch (error) {
      this.error = errorMessage(error);
      this.phase = 'idle';
    } finally {
      this.#controller = null;
    }
  }

  /** Stops after the chunk being read; the draft so far is kept for review. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Forgets the draft and any message, keeping what the user typed (to start over). */
  reset(): void {
    this.cancel();
    this.#resetResult();
    this.phase = 'idle';
  }

  /** Forgets everything, the pasted text included (after the persona was saved). */
  clear(): void {
    this.reset();
    this.text = '';
    this.characterName = '';
  }

  async #read(source: ExtractSource): Promise<SourceText> {
    const { readPastedText, readSourceFile, DEFAULT_MAX_SOURCE_BYTES } = await loadExtract();
    if (source.kind === 'text') return readPastedText(source.text);
    const bytes = await readPickedFile(source.file, DEFAULT_MAX_SOURCE_BYTES);
    return readSourceFile(bytes, source.file.name);
  }

  #finish(result: RefineResult, total: number, draftToPersonaInit: (draft: RefineResult['draft']) => PersonaInit): void {
    this.warnings = result.warnings.map((warning) => warning.text);
    this.outcome = outcomeText(result, total);
    if (result.error) this.error = errorMessage(result.error);
    if (result.status !== 'complete' && result.chunksDone === 0) {
      this.phase = 'idle';
      if (result.status === 'cancelled') this.outcome = msg('extract.outcome.cancelledEarly');
      return;
    }
    this.review = draftToPersonaInit(result.draft);
    this.phase = 'review';
  }

  #finishCancelledEarly(): void {
    this.phase = 'idle';
    this.outcome = msg('extract.outcome.cancelledEarly');
  }

  #resetResult(): void {
    this.error = null;
    this.warnings = [];
    this.outcome = null;
    this.review = null;
    this.progress = null;
    this.sourceName = null;
  }
}
