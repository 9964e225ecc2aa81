/**
 * When the model work that follows a reply runs: scene summaries (Summarize), facts for
 * long-term memory, and the character's mood and closeness.
 *
 * Each of them is a call of its own to the engine that writes the replies. An engine that keeps
 * what it read for the next call (`promptCache` `chat`: WebLLM keeps its KV cache when the next
 * chat call repeats the last one; `prefix`: llama.cpp keeps the longest common prefix) loses that
 * to any call in between, and the next reply reads its whole prompt again — a full prefill of
 * ~3,000 tokens instead of the ~80 of the new turn. So on those engines due work waits for a
 * moment when the next reply reads its whole prompt anyway:
 * - a scene summary is due: it changes the start of the prompt, so everything due runs with it;
 * - the reply just finished did not end cleanly (Stop, the length limit, a line ended at its
 *   closing quote while the model went on, an error): the engine starts afresh next time;
 * - it has waited {@link MAX_WAITING_REPLIES} replies (mood and facts must not starve when a
 *   chat never reaches a summary).
 * On engines without such a cache (servers) due work runs after the reply, as it always did.
 */
import type { EngineCapabilities } from '../llm-engine.ts';

/** Which background steps are due after a reply. */
export interface BackgroundDue {
  summary: boolean;
  facts: boolean;
  mood: boolean;
}

/** What the decision depends on. */
export interface BackgroundInput {
  promptCache: EngineCapabilities['promptCache'];
  due: BackgroundDue;
  /** The reply just finished ended cleanly (the model ended its turn): the engine's cache is valid for the next reply. */
  cacheWarm: boolean;
  /** Replies since due work was first held back. */
  waited: number;
}

/** `idle`: nothing due. `run`: run what is due now. `wait`: hold it back to keep the engine's cache. */
export type BackgroundDecision = 'idle' | 'run' | 'wait';

/** Most replies due facts or mood updates wait for a moment that costs nothing. */
export const MAX_WAITING_REPLIES = 20;

/** Most recent messages a step that waited reads (those since it last ran, bounded). */
export const MAX_CATCH_UP_MESSAGES = 24;

/** Decides whether due background work runs after this reply (see the module notes). */
export function backgroundDecision(input: BackgroundInput): BackgroundDecision {
  const { due } = input;
  if (!due.summary && !due.facts && !due.mood) return 'idle';
  if (input.promptCache === 'none' || due.summary || !input.cacheWarm) return 'run';
  return input.waited + 1 >= MAX_WAITING_REPLIES ? 'run' : 'wait';
}
