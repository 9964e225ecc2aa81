import { EngineError } from '../../core/errors/index.ts';
import type { RefineResult, RefineWarning, SourceText } from '../../core/extract/index.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { PersonaInit } from '../../core/persona/index.ts';
import { readPickedFile, type PickedFile } from './card-transfer.svelte.ts';

/** Source reading, chunking and drafting, loaded on first use (kept out of the initial download). */
const loadExtract = () => import('../../core/extract/index.ts');
import { errorText } from '../app/error-text.ts';
import type { AppServices } from '../app/services.ts';
import { inUiLanguage, uiLanguage } from '../app/ui-language.ts';

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

const NO_ENGINE = 'No model is ready. Open Engine to load a model or connect your own server first, then start the extraction again.';
const NO_ENGINE_ZH = '还没有可用的模型。请先打开引擎页面加载模型，或连接你自己的模型服务器，然后重新开始提炼。';
const CANCELLED_EARLY = { en: 'Cancelled before any chunk was read; nothing was drafted.', zh: '还没读完任何一段就取消了；没有生成草稿。' };

function outcomeText(result: RefineResult, total: number): string {
  if (uiLanguage() === 'zh') {
    if (result.status === 'complete') return total === 1 ? '已读完全文（1 段）。' : `已读完全文，共 ${total} 段。`;
    return `读完 ${total} 段中的 ${result.chunksDone} 段后${result.status === 'cancelled' ? '已取消' : '已停止'}；草稿保留了目前找到的内容。`;
  }
  if (result.status === 'complete') return total === 1 ? 'Read the whole text (1 chunk).' : `Read all ${total} chunks of the text.`;
  const done = `${result.chunksDone} of ${total} chunks`;
  return result.status === 'cancelled'
    ? `Cancelled after ${done}; the draft holds what was found so far.`
    : `Stopped after ${done}; the draft holds what was found so far.`;
}

/** A warning of the extraction in the interface language (in English: the core's own message). */
function warningText(warning: RefineWarning): string {
  return inUiLanguage({ en: warning.message, zh: warning.zh });
}

/**
 * Static extraction: pasted text or a .txt/.md file is chunked (exact Qwen token counts) and
 * a persona draft is refined chunk by chunk with the ready engine, with progress and cancel.
 * The draft then waits in `review` for the user to edit and save; nothing is stored here.
 */
export class ExtractSession {
  phase = $state<ExtractPhase>('idle');
  progress = $state.raw<ExtractProgress | null>(null);
  /** User-facing text of the last failure. */
  error = $state<string | null>(null);
  warnings = $state.raw<string[]>([]);
  /** How the last run ended, e.g. "Read all 3 chunks of the text." */
  outcome = $state<string | null>(null);
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
      this.error = errorText(new EngineError('not-loaded', NO_ENGINE, { zh: NO_ENGINE_ZH }));
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
      this.error = errorText(error);
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
    this.warnings = result.warnings.map(warningText);
    this.outcome = outcomeText(result, total);
    if (result.error) this.error = errorText(result.error);
    if (result.status !== 'complete' && result.chunksDone === 0) {
      this.phase = 'idle';
      if (result.status === 'cancelled') this.outcome = inUiLanguage(CANCELLED_EARLY);
      return;
    }
    this.review = draftToPersonaInit(result.draft);
    this.phase = 'review';
  }

  #finishCancelledEarly(): void {
    this.phase = 'idle';
    this.outcome = inUiLanguage(CANCELLED_EARLY);
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
