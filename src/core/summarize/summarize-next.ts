import { EngineError, ValidationError } from '../errors/index.ts';
import { castList, speakerName, type CastNames } from '../group-chat.ts';
import { msg } from '../i18n/message.ts';
import { newId, type ChatId, type MemoryId, type PersonaId } from '../ids.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { Memory } from '../memory/memory.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import type { TokenCounter } from '../token-counter.ts';
import { renderSceneSummary, type SceneSummary } from './scene-summary.ts';
import { findMissingDetails, repairSummary, type MissingDetails } from './summary-check.ts';
import { parseSceneSummary } from './summary-parser.ts';
import { DEFAULT_SUMMARY_POLICY, planSummarization, type NoSummaryPlan, type SummaryPolicyInput, type SummaryWork } from './summary-policy.ts';
import { buildSummaryRequest, sourceLines } from './summary-request.ts';
import { collectText } from '../llm-output.ts';

/** Everything a summarization run needs besides the plan. */
export interface SummarizeContext {
  engine: LlmEngine;
  counter: TokenCounter;
  personaId: PersonaId;
  chatId: ChatId;
  language: PersonaLanguage;
  /** The chat's character (a group chat's host): the speaker of character turns that name none. */
  characterName: string;
  /** The user's display name in prompts (`userDisplayName(persona)`). */
  userName: string;
  /** A group chat's characters by persona id (see `SummaryNames.cast`); unset for a one-to-one chat. */
  cast?: CastNames;
  /** Names the summary must keep (persona, lore keys, …); see `findMissingDetails`. */
  knownNames?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (progress: SummarizeProgress) => void;
  /** Longest single turn sent (longer ones are clipped); default the policy's `maxInputTokens`. */
  maxInputTokens?: number;
  maxTokens?: number;
  sampling?: SamplingOptions;
  now?: () => number;
  makeId?: () => MemoryId;
}

/** Progress of one summarization: `writing` while the answer streams, then `checking`. */
export interface SummarizeProgress {
  phase: 'writing' | 'checking';
  kind: SummaryWork['kind'];
  range: { fromSeq: number; toSeq: number };
  receivedChars: number;
}

/** Result of running one step; on anything but `done` the caller stores nothing. */
export type SummaryRunOutcome =
  | { status: 'done'; plan: SummaryWork; memory: Memory; summary: SceneSummary; repaired: MissingDetails }
  | { status: 'failed'; plan: SummaryWork; error: ValidationError | EngineError }
  | { status: 'cancelled'; plan: SummaryWork };

/** Result of {@link summarizeNext}. */
export type SummarizeOutcome = SummaryRunOutcome | { status: 'nothing-to-do'; plan: NoSummaryPlan };

/**
 * Plans the next summarization step ({@link planSummarization}) and, if there is one, runs
 * it ({@link runSummaryWork}). Call again after storing a `done` result: one step per call.
 * @throws only on programming errors; engine and parse failures come back as `failed`.
 */
export async function summarizeNext(input: SummaryPolicyInput & SummarizeContext): Promise<SummarizeOutcome> {
  const plan = planSummarization(input);
  if (plan.kind === 'none') return { status: 'nothing-to-do', plan };
  return runSummaryWork(plan, { ...input, maxInputTokens: input.maxInputTokens ?? input.options?.maxInputTokens });
}

/**
 * Asks the model for one scene summary of `work`, streaming through the engine port, parses
 * it defensively, sets the speakers, repairs dropped names/numbers (see `repairSummary`) and
 * returns the new `Memory` (kind `summary`, with `range` and `level`). A garbled or cut-off
 * answer gives `failed` with a ValidationError, an engine failure `failed` with its
 * EngineError, an aborted signal `cancelled`: raw turns stay as they are in every case.
 * @throws only on programming errors (anything that is not an EngineError or ValidationError).
 */
export async function runSummaryWork(work: SummaryWork, ctx: SummarizeContext): Promise<SummaryRunOutcome> {
  const progress = (phase: SummarizeProgress['phase'], receivedChars: number) => ctx.onProgress?.({ phase, kind: work.kind, range: work.range, receivedChars });
  const maxInputTokens = ctx.maxInputTokens ?? DEFAULT_SUMMARY_POLICY.maxInputTokens;
  const request = buildSummaryRequest(work, { ...ctx, clip: { counter: ctx.counter, maxInputTokens } });
  progress('writing', 0);
  let streamed;
  try {
    streamed = await collectText(ctx.engine, request, { signal: ctx.signal, onText: (t) => progress('writing', t.length) });
  } catch (error) {
    if (ctx.signal?.aborted) return { status: 'cancelled', plan: work };
    if (error instanceof EngineError) return { status: 'failed', plan: work, error };
    throw error;
  }
  if (streamed.finishReason === 'abort' || ctx.signal?.aborted) return { status: 'cancelled', plan: work };
  progress('checking', streamed.text.length);
  let summary: SceneSummary;
  try {
    summary = { ...parseSceneSummary(streamed.text), speakers: speakersOf(work, ctx) };
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return { status: 'failed', plan: work, error: streamed.finishReason === 'length' ? truncated(error) : error };
  }
  const source = sourceLines(work, ctx);
  const repaired = findMissingDetails(source, summary, ctx.knownNames);
  if (repaired.names.length > 0 || repaired.numbers.length > 0) {
    summary = repairSummary(summary, repaired, source, ctx.language);
  }
  const now = ctx.now?.() ?? Date.now();
  const memory: Memory = {
    id: ctx.makeId?.() ?? newId<MemoryId>(),
    personaId: ctx.personaId,
    chatId: ctx.chatId,
    kind: 'summary',
    text: renderSceneSummary(summary, ctx.language),
    importance: 5,
    pinned: false,
    createdAt: now,
    updatedAt: now,
    lastAccessedAt: now,
    accessCount: 0,
    range: { ...work.range },
    level: work.level,
  };
  return { status: 'done', plan: work, memory, summary, repaired };
}

/**
 * Who speaks in the summarized part: the characters who have a turn in it (in order of their
 * first turn), then the user when it has a line; a merge: every character and the user.
 */
function speakersOf(work: SummaryWork, ctx: SummarizeContext): string[] {
  if (work.kind === 'merge') return [...castList(ctx.characterName, ctx.cast), ctx.userName].filter(Boolean);
  const characters = work.messages.filter((m) => m.role === 'assistant').map((m) => speakerName(m, ctx.characterName, ctx.cast));
  return [...new Set(characters), ...(work.messages.some((m) => m.role === 'user') ? [ctx.userName] : [])].filter(Boolean);
}

function truncated(cause: ValidationError): ValidationError {
  return new ValidationError('truncated', msg('summary.error.truncated'), { cause });
}
