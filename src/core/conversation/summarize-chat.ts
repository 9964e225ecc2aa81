import type { Chat } from '../chat.ts';
import type { AppError } from '../errors/index.ts';
import type { CastNames } from '../group-chat.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { userDisplayName, type Persona } from '../persona/index.ts';
import { summarizeNext, type SummarizeProgress } from '../summarize/summarize-next.ts';
import { DEFAULT_SUMMARY_POLICY, planSummarization } from '../summarize/summary-policy.ts';
import { isPromptTurn } from '../summarize/summary-coverage.ts';
import { canRetrySummary, recordSummaryFailure, recordSummarySuccess, type SummaryRetryState } from '../summarize/summary-retry.ts';
import type { TokenCounter } from '../token-counter.ts';

/** Inputs of one Summarize pass over a chat. */
export interface SummarizeChatInput {
  chat: Chat;
  /** The chat's persona (a group chat's host). */
  persona: Persona;
  /**
   * A group chat's characters by persona id (every member and earlier speaker): each character
   * turn is summarized under its speaker's name, and every name is kept. Unset: a one-to-one chat.
   */
  cast?: CastNames;
  messages: readonly Message[];
  summaries: readonly Memory[];
  engine: LlmEngine;
  counter: TokenCounter;
  /** Tokens the prompt may spend on summaries plus verbatim turns (`EgosPrompt.historyBudget`). */
  budgetTokens: number;
  /** Exact prompt cost of a turn (from `EgosPrompt.turnCost`); default: its text's tokens. */
  measureTurn?: (message: Message) => number;
  retry: SummaryRetryState;
  /** Stores a new summary; called before the next step is planned. */
  save: (memory: Memory) => Promise<void>;
  /**
   * True when a new summary was built from inputs that changed meanwhile (e.g. the user edited
   * a summary it merges); such a summary is not saved and the pass ends.
   */
  isStale?: (memory: Memory) => boolean;
  signal?: AbortSignal;
  onProgress?: (progress: SummarizeProgress) => void;
  /** Most summaries made in one pass (default 4). */
  maxSteps?: number;
  now: () => number;
}

/** What a pass did; `error` is the failure that ended it early (raw turns are untouched). */
export interface SummarizeChatResult {
  created: Memory[];
  retry: SummaryRetryState;
  error?: AppError;
  /** True when the pass ended because its next summary was built from stale inputs. */
  superseded?: boolean;
}

/** What {@link summaryDue} needs: the chat and its budget, as for a pass. */
export type SummaryDueInput = Pick<SummarizeChatInput, 'messages' | 'summaries' | 'counter' | 'budgetTokens' | 'measureTurn' | 'retry'>;

/** True when a Summarize pass would do something now: the turns overflow the budget and no back-off holds it. */
export function summaryDue(input: SummaryDueInput): boolean {
  if (!canRetrySummary(input.retry, input.messages.filter(isPromptTurn).length)) return false;
  return planSummarization(input).kind !== 'none';
}

/**
 * The EGOS Summarize step: when the chat's uncovered turns overflow the budget, turns the
 * oldest blocks into scene summaries (or merges summaries) until the policy's target is reached,
 * storing each before planning the next. A failure stops the pass and backs off (see `canRetrySummary`); nothing is deleted.
 * @throws StorageError when a summary cannot be saved.
 */
export async function summarizeChat(input: SummarizeChatInput): Promise<SummarizeChatResult> {
  const turnCount = input.messages.filter(isPromptTurn).length;
  let retry = input.retry;
  if (!canRetrySummary(retry, turnCount)) return { created: [], retry };
  const created: Memory[] = [];
  let summaries = [...input.summaries];
  const knownNames = [input.persona.name, ...(input.cast?.values() ?? []), userDisplayName(input.persona), ...input.persona.lore.flatMap((e) => e.keys)];
  for (let step = 0; step < (input.maxSteps ?? 4); step++) {
    const outcome = await summarizeNext({
      messages: input.messages,
      summaries,
      counter: input.counter,
      budgetTokens: input.budgetTokens,
      measureTurn: input.measureTurn,
      engine: input.engine,
      personaId: input.persona.id,
      chatId: input.chat.id,
      language: input.persona.language,
      characterName: input.persona.name,
      userName: userDisplayName(input.persona),
      ...(input.cast ? { cast: input.cast } : {}),
      knownNames,
      signal: input.signal,
      onProgress: input.onProgress,
      now: input.now,
      // Once a pass has started it goes on down to the policy's target, so the next pass (and the
      // full prefill it costs the next reply) is many turns away.
      ...(step > 0 ? { options: { triggerFraction: DEFAULT_SUMMARY_POLICY.targetFraction } } : {}),
    });
    if (outcome.status === 'done') {
      if (input.isStale?.(outcome.memory)) return { created, retry, superseded: true };
      await input.save(outcome.memory);
      created.push(outcome.memory);
      summaries = [...summaries, outcome.memory];
      retry = recordSummarySuccess();
      continue;
    }
    if (outcome.status === 'failed') return { created, retry: recordSummaryFailure(retry, turnCount), error: outcome.error };
    break;
  }
  return { created, retry };
}
