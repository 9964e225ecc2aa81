import { cachedCounter } from '../budget/cached-counter.ts';
import { ValidationError } from '../errors/index.ts';
import { chooseLayout } from '../generate/choose-layout.ts';
import { parseReply } from '../generate/parse-reply.ts';
import { parseContinuation, parseUserLine } from '../generate/prefill-parse.ts';
import { prefillLayout } from '../generate/prefill-prompt.ts';
import type { PromptLayout } from '../generate/prompt-layout.ts';
import { speakersOf } from '../generate/speakers.ts';
import type { Memory } from '../memory.ts';
import type { Message } from '../message.ts';
import type { Persona } from '../persona.ts';
import type { TokenCounter } from '../token-counter.ts';
import { buildEgosPrompt, type EgosPrompt } from './build-egos-prompt.ts';
import type { EngineFacts, ReplyStrategy } from './reply-strategy.ts';

/** What the EGOS strategy reads from the outside, per turn. */
export interface EgosStrategyDeps {
  /** The Qwen tokenizer (loaded once, lazily). */
  counter: () => Promise<TokenCounter>;
  /** The chat's summary memories. */
  summaries: () => Promise<Memory[]>;
  /** This turn's notes (retrieval, mood); none by default. */
  notes?: (persona: Persona, history: Message[]) => Promise<string[]>;
  contextWindow: number;
  maxTokens: number;
  /** Receives every reply prompt (for the context meter and the summarizer's budget); continue and impersonate prompts are not reported. */
  onPrompt?: (prompt: EgosPrompt) => void;
}

/** The last message of `history` when it is a reply of the character with text. */
function lineToContinue(history: readonly Message[]): Message {
  const last = history.at(-1);
  if (!last || last.role !== 'assistant' || last.text.trim() === '') {
    throw new ValidationError('invalid', 'There is no reply of the character to continue. Send a message instead.', {
      zh: '没有可以继续写的角色回复。请改为发送一条消息。',
    });
  }
  return last;
}

/**
 * The EGOS Generate step as a ReplyStrategy: quote mode, the layout that suits the engine
 * (chat with KV reuse on WebLLM, single on raw-completion-only engines), exact budgets.
 * Continue and impersonate use a prefill prompt (raw ChatML ending in the open line when the
 * engine takes raw prompts, otherwise chat messages plus an instruction), budgeted the same way.
 */
export function createEgosStrategy(deps: EgosStrategyDeps): ReplyStrategy {
  let counter: TokenCounter | null = null;

  /** Builds the prompt for `history` with `layout`; notes are retrieved for the whole conversation. */
  async function build(persona: Persona, history: Message[], engine: EngineFacts, layout: PromptLayout, notesFor: Message[]): Promise<EgosPrompt> {
    counter ??= cachedCounter(await deps.counter());
    const [summaries, notes] = await Promise.all([deps.summaries(), deps.notes?.(persona, notesFor) ?? Promise.resolve([])]);
    return buildEgosPrompt({
      persona,
      history,
      summaries,
      notes,
      counter,
      layout,
      modelId: engine.modelId ?? '',
      contextWindow: deps.contextWindow,
      maxTokens: deps.maxTokens,
    });
  }

  return {
    async prepare(persona, history, engine) {
      const prompt = await build(persona, history, engine, chooseLayout(engine.capabilities), history);
      deps.onPrompt?.(prompt);
      const parseContext = { ...speakersOf(persona), prefixed: prompt.built.prefixed };
      return {
        request: prompt.built.request,
        userSent: prompt.built.userSent,
        parse: (raw, finish) => {
          const reply = parseReply(raw, finish, parseContext);
          return { text: reply.text, raw: reply.raw, interruptReason: reply.interruptReason };
        },
      };
    },

    async prepareContinue(persona, history, engine) {
      const target = lineToContinue(history);
      const layout = prefillLayout({ kind: 'continue', text: target.text }, engine.capabilities.rawCompletion);
      const prompt = await build(persona, history.slice(0, -1), engine, layout, history);
      const context = { ...speakersOf(persona), prefixed: prompt.built.prefixed, before: target.text };
      return {
        request: prompt.built.request,
        parse: (raw, finish) => {
          const line = parseContinuation(raw, finish, context);
          return { text: line.text, raw: line.raw, interruptReason: line.interruptReason };
        },
      };
    },

    async prepareImpersonate(persona, history, engine) {
      const layout = prefillLayout({ kind: 'impersonate' }, engine.capabilities.rawCompletion);
      const prompt = await build(persona, history, engine, layout, history);
      const context = { ...speakersOf(persona), prefixed: prompt.built.prefixed };
      return { request: prompt.built.request, parse: (raw, finish) => parseUserLine(raw, finish, context) };
    },
  };
}
