import { EngineError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { AnswerReply, InterviewExchange } from '../eval/conduct-interview.ts';
import type { PromptFlags } from '../eval/configurations.ts';
import type { LlmEngine } from '../llm-engine.ts';
import { collectText, stripThinking } from '../llm-output.ts';
import type { Persona } from '../persona/index.ts';
import { buildPrompt, examplesForPrompt, replyFormOf, type BuiltPrompt } from '../prompt/build.ts';
import { readReply } from '../prompt/read-reply.ts';
import { speakersOf } from '../prompt/reply-form.ts';
import type { TokenCounter } from '../token-counter.ts';
import { interviewMessages } from './interview-messages.ts';
import { personaCoreFor } from './persona-core-for.ts';
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
  engine: Pick<LlmEngine, 'capabilities' | 'modelId' | 'thinking'>;
  /** Exact token counter (wrap it in `cachedCounter` once when answering many questions). */
  counter: TokenCounter;
  contextWindow: number;
  /** Reply limit in tokens (default {@link DEFAULT_ANSWER_TOKENS}). */
  maxTokens?: number;
  /** Retrieval for this turn; called only when the memory or exemplar flag is on. */
  notes?: NotesProvider;
}

/** A built prompt and whether its reply is read as a turn of the persona's reply form. */
export interface ConfigurationPrompt {
  prompt: BuiltPrompt;
  quoteMode: boolean;
  /** The memories (and lore) retrieval put into the prompt: none with the memory flag off. */
  memories: readonly string[];
}

/**
 * Builds the prompt for one interview answer under a configuration's flags, through the chat's
 * own prompt builder ({@link buildPrompt}): with every flag on the request is the one the chat
 * would send for the same conversation. Quote mode off is the plain ablation (no rules, no
 * speaker labels, no stops); Extract and style-control flags change the persona core; the
 * exemplar flag leaves the card's examples out of the system prompt and the example turns out
 * of the notes; the memory flag filters the notes. An interview has no scene summaries.
 * @throws ValidationError when the question is empty or the persona's sampling is invalid.
 */
export async function buildConfigurationPrompt(input: ConfigurationInput): Promise<ConfigurationPrompt> {
  const { persona, flags } = input;
  const maxTokens = input.maxTokens ?? DEFAULT_ANSWER_TOKENS;
  const history = interviewMessages(input.history, input.question);
  const form = replyFormOf(persona);
  const examplesInPrompt = flags.exemplars && examplesForPrompt(persona, form, input.counter, input.contextWindow).length > 0;
  const wantNotes = input.notes !== undefined && (flags.memory || flags.exemplars);
  const found = wantNotes && input.notes ? await input.notes(persona, history, { form, examplesInPrompt }) : { memories: [], exemplars: [] };
  const notes = [...(flags.memory ? found.memories : []), ...(flags.exemplars ? found.exemplars : [])];
  const full = flags.extract && flags.styleControls;
  const prompt = buildPrompt({
    task: { kind: 'reply' },
    persona,
    form,
    history,
    summaries: [],
    notes,
    engine: input.engine,
    counter: input.counter,
    contextWindow: input.contextWindow,
    maxTokens,
    ablation: {
      ...(flags.quoteMode ? {} : { plain: true }),
      ...(flags.exemplars ? {} : { examples: false }),
      ...(full ? {} : { personaCore: personaCoreFor(persona, flags, { counter: input.counter, contextWindow: input.contextWindow, maxTokens }) }),
    },
  });
  return { prompt, quoteMode: flags.quoteMode, memories: flags.memory ? found.memories : [] };
}

/**
 * The character's answer to an interview question under a configuration: builds the prompt
 * ({@link buildConfigurationPrompt}), streams it on the engine and reads the reply — with the
 * chat's reader in the persona's reply form (`closedQuote` says whether the reply kept its form:
 * a line reached its closing quote; a scene ended its own turn), otherwise as generated (a
 * thinking block removed). `tokens` is the answer's length.
 * @throws EngineError from the engine, or `engine-failed` when the reply stopped without an abort;
 * the signal's reason when it is aborted; ValidationError as {@link buildConfigurationPrompt}.
 */
export async function answerWithConfiguration(
  input: ConfigurationInput & { engine: LlmEngine; signal?: AbortSignal },
): Promise<AnswerReply & { text: string }> {
  const { counter } = input;
  const { prompt, quoteMode, memories } = await buildConfigurationPrompt(input);
  const given = memories.length > 0 ? { memories } : {};
  const ended = new AbortController();
  const stop = input.signal ? AbortSignal.any([input.signal, ended.signal]) : ended.signal;
  const collected = await collectText(input.engine, prompt.request, {
    signal: stop,
    onText: (text) => {
      if (quoteMode && prompt.read(text, null).ended) ended.abort();
    },
  });
  const finishReason = ended.signal.aborted && !input.signal?.aborted ? 'stop' : collected.finishReason;
  if (finishReason === 'abort') {
    input.signal?.throwIfAborted();
    throw new EngineError('engine-failed', msg('eval.error.answerCut'));
  }
  if (!quoteMode) {
    const text = (stripThinking(collected.text) ?? '').trim();
    return { text, tokens: counter.count(text), ...given };
  }
  const form = replyFormOf(input.persona);
  const reply = readReply(collected.text, finishReason, { ...speakersOf(input.persona), form, prefixed: prompt.prefixed });
  // The format metric follows the form: a line must reach its closing quote; a scene must end its
  // own turn, without running into another speaker's line.
  const keptForm = form === 'line' ? reply.closed : reply.closed && reply.hidden === '';
  return { text: reply.text, closedQuote: keptForm, tokens: counter.count(reply.text), ...given };
}
