import { buildEgosPrompt, type EgosPrompt } from '../conversation/build-egos-prompt.ts';
import { EngineError } from '../errors/index.ts';
import type { AnswerReply, InterviewExchange } from '../eval/conduct-interview.ts';
import type { PromptFlags } from '../eval/configurations.ts';
import { completeText } from '../eval/complete-text.ts';
import { chooseLayout } from '../generate/choose-layout.ts';
import { parseReply } from '../generate/parse-reply.ts';
import { speakersOf } from '../generate/speakers.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { Persona } from '../persona.ts';
import type { TokenCounter } from '../token-counter.ts';
import { withPersonaCore } from './core-override-layout.ts';
import { interviewMessages } from './interview-messages.ts';
import { personaCoreFor } from './persona-core-for.ts';
import { plainLayout } from './plain-layout.ts';
import type { NotesProvider } from './turn-notes.ts';

/** Longest interview answer, in tokens: the chat's reply limit. */
export const DEFAULT_ANSWER_TOKENS = 320;

/** Everything one interview answer is built from. */
export interface ConfigurationInput {
  persona: Persona;
  /** Earlier questions and answers of this interview, oldest first. */
  history: readonly InterviewExchange[];
  question: string;
  flags: PromptFlags;
  /** The answering engine (decides the layout, as in the chat). */
  engine: Pick<LlmEngine, 'capabilities' | 'modelId'>;
  /** Exact token counter (wrap it in `cachedCounter` once when answering many questions). */
  counter: TokenCounter;
  contextWindow: number;
  /** Reply limit in tokens (default {@link DEFAULT_ANSWER_TOKENS}). */
  maxTokens?: number;
  /** Retrieval for this turn; called only when the memory or exemplar flag is on. */
  notes?: NotesProvider;
}

/** A built prompt and whether its reply is read in quote mode. */
export interface ConfigurationPrompt {
  prompt: EgosPrompt;
  quoteMode: boolean;
}

async function notesFor(input: ConfigurationInput, history: Parameters<NotesProvider>[1]): Promise<string[]> {
  const { memory, exemplars } = input.flags;
  if (!input.notes || (!memory && !exemplars)) return [];
  const found = await input.notes(input.persona, history);
  return [...(memory ? found.memories : []), ...(exemplars ? found.exemplars : [])];
}

/**
 * Builds the prompt for one interview answer under a configuration's flags, through the chat's
 * own prompt builder ({@link buildEgosPrompt}): with every flag on the request is the one the
 * chat would send for the same conversation. Quote mode off swaps in {@link plainLayout};
 * Extract, style-control and exemplar flags change the persona core; memory and exemplar flags
 * filter this turn's notes. An interview has no scene summaries.
 * @throws ValidationError when the question is empty or the persona's sampling is invalid.
 */
export async function buildConfigurationPrompt(input: ConfigurationInput): Promise<ConfigurationPrompt> {
  const { persona, flags, engine } = input;
  const maxTokens = input.maxTokens ?? DEFAULT_ANSWER_TOKENS;
  const history = interviewMessages(input.history, input.question);
  const full = flags.extract && flags.styleControls && flags.exemplars;
  const base = flags.quoteMode ? chooseLayout(engine.capabilities) : plainLayout;
  const layout = full ? base : withPersonaCore(base, personaCoreFor(persona, flags, { counter: input.counter, contextWindow: input.contextWindow, maxTokens }));
  const prompt = buildEgosPrompt({
    persona,
    history,
    summaries: [],
    notes: await notesFor(input, history),
    counter: input.counter,
    layout,
    modelId: engine.modelId ?? '',
    contextWindow: input.contextWindow,
    maxTokens,
  });
  return { prompt, quoteMode: flags.quoteMode };
}

const THINK_BLOCK = /^\s*<think>[\s\S]*?<\/think>\s*/;

/**
 * The character's answer to an interview question under a configuration: builds the prompt
 * ({@link buildConfigurationPrompt}), streams it on the engine and reads the reply — in quote
 * mode with the chat's parser (`closedQuote` says whether it ended at its closing quote),
 * otherwise as generated (an empty thinking block removed). `tokens` is the answer's length.
 * @throws EngineError from the engine, or `engine-failed` when the reply stopped without an abort;
 * the signal's reason when it is aborted; ValidationError as {@link buildConfigurationPrompt}.
 */
export async function answerWithConfiguration(
  input: ConfigurationInput & { engine: LlmEngine; signal?: AbortSignal },
): Promise<AnswerReply & { text: string }> {
  const { counter } = input;
  const { prompt, quoteMode } = await buildConfigurationPrompt(input);
  const { text: raw, finishReason } = await completeText(input.engine, prompt.built.request, input.signal);
  if (finishReason === 'abort') {
    input.signal?.throwIfAborted();
    throw new EngineError('engine-failed', 'The model stopped before finishing its answer. Resume the evaluation to try again.', {
      zh: '模型在回答完成之前停止了。请继续评测以重试。',
    });
  }
  if (!quoteMode) {
    const text = raw.replace(THINK_BLOCK, '').trim();
    return { text, tokens: counter.count(text) };
  }
  const reply = parseReply(raw, finishReason, { ...speakersOf(input.persona), prefixed: prompt.built.prefixed });
  return { text: reply.text, closedQuote: reply.closed, tokens: counter.count(reply.text) };
}
