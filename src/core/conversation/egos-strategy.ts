import { cachedCounter } from '../budget/cached-counter.ts';
import { chooseLayout } from '../generate/choose-layout.ts';
import { parseReply } from '../generate/parse-reply.ts';
import { speakersOf } from '../generate/speakers.ts';
import type { Memory } from '../memory.ts';
import type { Message } from '../message.ts';
import type { Persona } from '../persona.ts';
import type { TokenCounter } from '../token-counter.ts';
import { buildEgosPrompt, type EgosPrompt } from './build-egos-prompt.ts';
import type { ReplyStrategy } from './reply-strategy.ts';

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
  /** Receives every built prompt (for the context meter and the summarizer's budget). */
  onPrompt?: (prompt: EgosPrompt) => void;
}

/**
 * The EGOS Generate step as a ReplyStrategy: quote mode, the layout that suits the engine
 * (chat with KV reuse on WebLLM, single on raw-completion-only engines), exact budgets.
 */
export function createEgosStrategy(deps: EgosStrategyDeps): ReplyStrategy {
  let counter: TokenCounter | null = null;
  return {
    async prepare(persona, history, engine) {
      counter ??= cachedCounter(await deps.counter());
      const layout = chooseLayout(engine.capabilities);
      const [summaries, notes] = await Promise.all([deps.summaries(), deps.notes?.(persona, history) ?? Promise.resolve([])]);
      const prompt = buildEgosPrompt({
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
  };
}
