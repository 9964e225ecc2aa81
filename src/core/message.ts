import type { Message as Said } from './i18n/message.ts';
import type { ChatId, MessageId, PersonaId } from './ids.ts';
import type { LoreTrigger } from './lore/activation.ts';
import type { ExemplarOrigin } from './memory/exemplars.ts';
import type { LorePosition } from './persona/index.ts';
import type { StyleControlId } from './style-controls.ts';
import type { Usage } from './usage.ts';

/** Who wrote a message: the user, or the character (the model). */
export type MessageRole = 'user' | 'assistant';

/**
 * Lifecycle of a message: `streaming` while a reply arrives, `complete` when it ended
 * normally, `interrupted` when stopped, cut by a crash or by the token limit, `error` when
 * the engine failed before producing text.
 */
export type MessageStatus = 'complete' | 'streaming' | 'interrupted' | 'error';

/** Why a reply ended, when it did not end at its closing quote. */
export type InterruptReason = 'user-stop' | 'max-tokens' | 'crash' | 'engine-error';

/** Where a lore entry came from, what fired it and where it went. */
export interface LoreOrigin {
  /** The world book's name; absent: the persona's own lore (from its card). */
  book?: string;
  /** The entry's comment, else its first key. */
  entry: string;
  trigger: LoreTrigger;
  position: LorePosition;
  /** An `at-depth` entry's depth (messages from the newest). */
  depth?: number;
  /** It went into this turn's notes instead of at its depth or by the author's note (the engine keeps a cache). */
  withNewest?: true;
}

/** One item put into a reply's prompt (or considered for it), shown in the reply's "why" panel. */
export interface PromptSource {
  slot: 'memory' | 'source' | 'lore' | 'exemplar' | 'authors-note' | 'style';
  kind: string;
  /** The text as it went into the prompt (cut short when `trimmed`). */
  text: string;
  score: number;
  /** Retrieval's account of the score; '' where the fields below say it. */
  reason: string;
  /** A lore entry (replies since world books): its book, what fired it and where it went. */
  lore?: LoreOrigin;
  /** The author's note: the depth it went in at, or that it went into this turn's notes. */
  note?: { depth: number; withNewest?: true };
  /** A style correction (see core/persona/style-drift.ts): the drifting control, its target level and the level recent replies read at. */
  style?: { control: StyleControlId; target: number; actual: number };
  /** The item was cut to fit its slot's budget. */
  trimmed?: boolean;
  /** An experience memory (kind `experience`): when in the character's life it happened. */
  when?: string;
  /** An example line (slot `exemplar`): where it comes from (the card, a sample line, the source, an experience, a reply the user kept). */
  origin?: ExemplarOrigin;
  /** The item fired but was left out: no room left in its slot, or its text is already in an earlier turn. */
  leftOut?: 'over-budget' | 'already-sent';
}

/** The user's verdict on a reply: a good one (kept as an example of the character) or a bad one (left out of training data). */
export type ReplyRating = 'up' | 'down';

/** One alternative reply (swipe) of an assistant message. */
export interface MessageVariant {
  text: string;
  raw?: string;
  status: MessageStatus;
  createdAt: number;
  engine?: string;
  model?: string;
  usage?: Usage;
  interruptReason?: InterruptReason;
  error?: { code: string; message: string; text?: Said; zh?: string };
  why?: PromptSource[];
  rating?: ReplyRating;
}

/** One line of a chat, stored in order (`seq`) per chat. */
export interface Message {
  id: MessageId;
  chatId: ChatId;
  /** Position in the chat, strictly increasing; gaps are allowed. */
  seq: number;
  role: MessageRole;
  /** What the user sees: the clean line. */
  text: string;
  /** What the model produced verbatim (before quote clean-up), to rebuild the exact prompt. */
  raw?: string;
  status: MessageStatus;
  interruptReason?: InterruptReason;
  /**
   * Error code and English message when status is `error` or the reply was cut by a failure;
   * `text` is what the user is told (a catalogue message) when the error had one; `zh`, the
   * Chinese text that versions before the catalogues stored, is no longer written.
   */
  error?: { code: string; message: string; text?: Said; zh?: string };
  createdAt: number;
  updatedAt: number;
  /** When the user last edited the text by hand (absent if never edited). */
  editedAt?: number;
  /** Engine id (`webllm`, `openai`, `wllama`) and model that produced an assistant message. */
  engine?: string;
  model?: string;
  usage?: Usage;
  /** Alternatives for this assistant message; `text` mirrors `variants[activeVariant]`. */
  variants?: MessageVariant[];
  activeVariant?: number;
  /** What retrieval added to this reply's prompt (memories, lore, source chunks, examples). */
  why?: PromptSource[];
  /** The user's rating of the shown reply (each alternative keeps its own). */
  rating?: ReplyRating;
  /** A group chat's character message: who said it (unset: the chat's persona). */
  speakerId?: PersonaId;
  /**
   * A group chat's character message that answered no user line (a character made to speak after
   * another): the exact user-side text sent before it (its turn's cue and notes), so later prompts
   * resend it byte-identical.
   */
  cue?: string;
}
