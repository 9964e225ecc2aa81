import type { CompletionRequest } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import type { PersonaLanguage } from '../persona.ts';
import type { SamplingOptions } from '../sampling.ts';

/** `single`: whole history in one user message + assistant prefix (raw completion). `chat`: message list with KV reuse. */
export type LayoutId = 'single' | 'chat';

/** Who speaks: the character's name, the user's display name (`userDisplayName`) and the quote language. */
export interface Speakers {
  name: string;
  userName: string;
  language: PersonaLanguage;
}

/**
 * A stored message as the prompt builder reads it. `raw` is the message's *sent form*:
 * for an assistant message the engine's output verbatim; for a user message the exact
 * content that was sent for it (retrieved notes included). A `raw` that no longer matches
 * `text` (the message was edited) is ignored and the canonical line is sent instead.
 */
export type HistoryMessage = Pick<Message, 'role' | 'text' | 'raw' | 'status'>;

/** Everything one prompt is built from. Pure data: the same context always gives the same bytes. */
export interface PromptContext {
  speakers: Speakers;
  /** The persona core (`renderPersonaCore(persona)`); must be byte-stable between turns. */
  personaCore: string;
  modelId: string;
  /** Scene summaries as rendered text, oldest first. They change only when a block is summarized. */
  summaries: readonly string[];
  /** Messages not covered by a summary, oldest first; the last one is the user's new line. */
  history: readonly HistoryMessage[];
  /** Context retrieved for this turn only (memories, lore, sample lines), already within its budget. */
  retrieved: readonly string[];
  sampling: SamplingOptions;
  maxTokens: number;
}

/** What a part of the prompt is, for the budget. */
export type SegmentKind = 'system' | 'summaries' | 'retrieved' | 'turn' | 'overhead';

/**
 * A piece of the prompt text as the model sees it (ChatML for both layouts). Joining all
 * segments gives the exact prompt text; `turn` segments carry the index into `history`.
 */
export interface PromptSegment {
  kind: SegmentKind;
  text: string;
  turn?: number;
}

/** A built prompt: the request to send and what the caller must store or pass to the parser. */
export interface BuiltPrompt {
  layout: LayoutId;
  request: CompletionRequest;
  /** True when the prompt already ends in `Name: "` so the output is the speech itself (single layout). */
  prefixed: boolean;
  /** Exact content sent for the new user line; store it as that message's `raw`. */
  userSent: string;
}

/** One prompt layout. Both layouts keep quote mode; they differ in how history reaches the model. */
export interface PromptLayout {
  readonly id: LayoutId;
  /** The prompt as segments, in order (for exact token budgeting). */
  segments(ctx: PromptContext): PromptSegment[];
  /**
   * The request for the character's next reply.
   * @throws ValidationError when the history does not end with a user message.
   */
  build(ctx: PromptContext): BuiltPrompt;
}
