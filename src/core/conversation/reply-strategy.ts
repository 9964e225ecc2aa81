import type { CompletionRequest, EngineCapabilities, FinishReason } from '../llm-engine.ts';
import type { InterruptReason, Message } from '../message.ts';
import type { Persona } from '../persona/index.ts';

/** What the user sees of a reply and what is stored to rebuild the prompt exactly. */
export interface ParsedReply {
  text: string;
  raw: string;
  /** Set when the reply did not end normally (e.g. cut by the token limit). */
  interruptReason?: InterruptReason;
  /** The turn is over although the model is still writing (a line reached its closing quote): stop the engine. */
  ended?: boolean;
}

/** A request ready to stream, with how to read its output. */
export interface PreparedReply {
  request: CompletionRequest;
  /** Exact content sent for the newest user line; stored as that message's `raw`. */
  userSent?: string;
  /** Tokens of the whole prompt, for the reply's usage (engines may report only what they prefilled). */
  promptTokens?: number;
  /** Turns the raw streamed text into the visible line; called on every delta and at the end. */
  parse(raw: string, finishReason: FinishReason | null): ParsedReply;
}

/** The engine facts a strategy may adapt to. */
export interface EngineFacts {
  capabilities: EngineCapabilities;
  modelId: string | null;
  /** The loaded model has Qwen3's thinking mode (see `LlmEngine.thinking`). */
  thinking: boolean;
}

/** How a reply is prompted and post-processed (the EGOS loop's Generate step). */
export interface ReplyStrategy {
  /** Builds the request from the persona and the history (oldest first, ending with the user's line). */
  prepare(persona: Persona, history: Message[], engine: EngineFacts): Promise<PreparedReply>;
  /**
   * Builds the request that continues the last line of `history` (an assistant message, e.g.
   * cut off by Stop or the token limit). `parse` receives only the new output and returns the
   * FULL line (old text + continuation) and the `raw` to store for it.
   */
  prepareContinue(persona: Persona, history: Message[], engine: EngineFacts): Promise<PreparedReply>;
  /** Builds the request in which the model drafts the user's next line; `parse` returns that line. */
  prepareImpersonate(persona: Persona, history: Message[], engine: EngineFacts): Promise<PreparedReply>;
}
