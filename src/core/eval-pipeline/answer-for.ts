import { cachedCounter } from '../prompt/budget.ts';
import type { AnswerFn } from '../eval/conduct-interview.ts';
import type { EvalConfiguration } from '../eval/configurations.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { Persona } from '../persona/index.ts';
import type { TokenCounter } from '../token-counter.ts';
import { answerWithConfiguration } from './answer-with-configuration.ts';
import type { NotesProvider } from './turn-notes.ts';

/** What every answer of a run shares. */
export interface AnswerDeps {
  persona: Persona;
  engine: LlmEngine;
  counter: TokenCounter;
  /** The answering model's context window, in tokens. */
  contextWindow: number;
  maxTokens?: number;
  notes?: NotesProvider;
}

/**
 * The `answerFor` of `runEvaluation`: each configuration answers through
 * {@link answerWithConfiguration} with its own flags, on one engine and one cached counter.
 */
export function createAnswerFor(deps: AnswerDeps): (configuration: EvalConfiguration) => AnswerFn {
  const counter = cachedCounter(deps.counter);
  return (configuration) => (question, history, context) =>
    answerWithConfiguration({
      persona: deps.persona,
      engine: deps.engine,
      counter,
      contextWindow: deps.contextWindow,
      maxTokens: deps.maxTokens,
      notes: deps.notes,
      flags: configuration.flags,
      history,
      question,
      signal: context.signal,
    });
}
