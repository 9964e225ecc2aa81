import { EngineError, ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import { collectText } from '../llm-output.ts';
import { detectLanguage } from '../persona/index.ts';
import { parseDraftReply } from './merge-draft.ts';
import { emptyDraft, type PersonaDraft } from './persona-draft.ts';
import { buildRefineRequest } from './refine-request.ts';

/** Options of {@link refinePersonaDraft}. */
export interface RefineOptions {
  engine: LlmEngine;
  /** The chunks, in order (see `chunkText`). */
  chunks: readonly string[];
  /** Draft to continue from (resume after a cancel: pass the result's draft and the remaining chunks). */
  draft?: PersonaDraft;
  /** Draft language when no draft is given; default detected from the chunks. */
  language?: PersonaLanguage;
  /** Which character to extract; empty: the main character. */
  characterName?: string;
  /** Number of chunks already done before these (progress numbering when resuming). */
  chunkOffset?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RefineProgress) => void;
  maxTokens?: number;
  sampling?: SamplingOptions;
}

/** Progress: `reading` while chunk `chunk` (1-based) of `chunkCount` streams, then `done` or `skipped`. */
export interface RefineProgress {
  chunk: number;
  chunkCount: number;
  phase: 'reading' | 'done' | 'skipped';
  receivedChars: number;
  /** The draft after this chunk (or before it while reading). */
  draft: PersonaDraft;
}

/** A chunk whose answer could not be used (the draft kept its previous state), or list items over their limit. */
export interface RefineWarning {
  chunk: number;
  code: 'garbled' | 'truncated' | 'items-dropped';
  /** What the user is told about it. */
  text: Message;
}

/** Result: always carries the draft so far, whatever happened. */
export interface RefineResult {
  /** `complete`: all chunks read; `cancelled`: the signal was aborted; `failed`: the engine failed. */
  status: 'complete' | 'cancelled' | 'failed';
  draft: PersonaDraft;
  /** Chunks of `chunks` that were processed (a garbled one counts as processed). */
  chunksDone: number;
  warnings: RefineWarning[];
  error?: EngineError;
}

/**
 * Refines a persona draft chunk by chunk: each step sends the current draft and the next
 * chunk and merges the model's updated draft (`parseDraftReply`). A garbled or cut-off answer
 * keeps the previous draft and adds a warning; cancelling returns `cancelled` with the draft
 * so far (never throws for it); an engine failure returns `failed` with the draft so far and
 * the EngineError, so no work is lost and the caller can resume.
 * @throws only on programming errors (anything that is not an EngineError or ValidationError).
 */
export async function refinePersonaDraft(options: RefineOptions): Promise<RefineResult> {
  const chunkCount = options.chunks.length + (options.chunkOffset ?? 0);
  let draft = options.draft ?? emptyDraft(options.language ?? detectLanguage(options.chunks.join('\n')), options.characterName?.trim() ?? '');
  const warnings: RefineWarning[] = [];
  const result = (status: RefineResult['status'], chunksDone: number, error?: EngineError): RefineResult => ({
    status,
    draft,
    chunksDone,
    warnings,
    ...(error ? { error } : {}),
  });

  for (const [i, chunk] of options.chunks.entries()) {
    const number = i + 1 + (options.chunkOffset ?? 0);
    if (options.signal?.aborted) return result('cancelled', i);
    const report = (phase: RefineProgress['phase'], receivedChars: number) => options.onProgress?.({ chunk: number, chunkCount, phase, receivedChars, draft });
    report('reading', 0);
    const request = buildRefineRequest(draft, chunk, { ...options, chunkNumber: number, chunkCount });
    let streamed;
    try {
      streamed = await collectText(options.engine, request, { signal: options.signal, onText: (t) => report('reading', t.length) });
    } catch (error) {
      if (options.signal?.aborted) return result('cancelled', i);
      if (error instanceof EngineError) return result('failed', i, error);
      throw error;
    }
    if (streamed.finishReason === 'abort' || options.signal?.aborted) return result('cancelled', i);
    try {
      const merged = parseDraftReply(draft, streamed.text);
      draft = merged.draft;
      if (merged.droppedItems > 0) {
        warnings.push({ chunk: number, code: 'items-dropped', text: msg('extract.part.itemsDropped', { chunk: number, count: merged.droppedItems }) });
      }
      report('done', streamed.text.length);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const code = streamed.finishReason === 'length' ? 'truncated' : 'garbled';
      warnings.push({ chunk: number, code, text: skippedMessage(number, code) });
      report('skipped', streamed.text.length);
    }
  }
  return result('complete', options.chunks.length);
}

function skippedMessage(chunk: number, code: 'garbled' | 'truncated'): Message {
  return msg('extract.part.skipped', { chunk, why: code === 'truncated' ? msg('extract.part.cutOff') : msg('extract.part.unusable') });
}
