import type { CompletionRequest, FinishReason } from '../llm-engine.ts';
import type { InterruptReason, Message } from '../message.ts';
import type { Persona } from '../persona.ts';

/** What the user sees of a reply and what is stored to rebuild the prompt exactly. */
export interface ParsedReply {
  text: string;
  raw: string;
  /** Set when the reply did not end normally (e.g. cut by the token limit). */
  interruptReason?: InterruptReason;
}

/**
 * How a reply is prompted and post-processed. The simple strategy sends the persona
 * description and recent turns; the EGOS loop plugs in quote mode and budgets.
 */
export interface ReplyStrategy {
  /** Builds the request from the persona and the history (oldest first, reply not included). */
  buildRequest(persona: Persona, history: Message[]): Promise<CompletionRequest> | CompletionRequest;
  /** Turns the raw streamed text into the visible line; called on every delta and at the end. */
  parse(raw: string, finishReason: FinishReason | null): ParsedReply;
}
