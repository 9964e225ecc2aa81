import type { PersonaId } from '../ids.ts';
import type { BookId } from '../lore/world-book.ts';
import type { SamplingOptions } from '../sampling.ts';
import { DEFAULT_STYLE, type StyleControlId, type StyleSettings } from '../style-controls.ts';

/** Main language of a persona: decides quote marks, field labels and segmentation. */
export type PersonaLanguage = 'en' | 'zh';

/**
 * How the character's turns are written: `line`, one spoken line (the EGOS report's quote mode),
 * or `scene`, role-play prose with narration and speech (see `core/prompt/reply-form.ts`).
 */
export type ReplyForm = 'line' | 'scene';

/** What the character says about itself (CharacterGLM attributes). */
export interface PersonaAttributes {
  identity: string;
  interests: string;
  viewpoints: string;
  experiences: string;
  achievements: string;
  relationships: string;
  other: string;
}

/** How the character speaks (CharacterGLM behaviours). */
export interface PersonaBehaviours {
  catchphrases: string[];
  dialect: string;
  speakingStyle: string;
  frequentWords: string[];
  personality: string;
  emotionalExpression: string;
  interactionPatterns: string;
}

/** What the character can and cannot know. */
export interface KnowledgeBoundary {
  /** Era, world or story point, e.g. "Vienna, 1805" or "after book 3". */
  era: string;
  /** Things the character does know (free text). */
  knows: string;
  /** Topics it cannot know; questions about them get confusion or refusal in character. */
  cannotKnow: string[];
}

/** What a protective scene provokes the character with. */
export const PROTECTIVE_KINDS = ['anachronism', 'false-relationship', 'out-of-world', 'unknown-topic'] as const;

/** One of {@link PROTECTIVE_KINDS}. */
export type ProtectiveKind = (typeof PROTECTIVE_KINDS)[number];

/**
 * A protective scene (Character-LLM): someone provokes the character with something it cannot
 * know, and the character reacts in role, with confusion or refusal.
 */
export interface ProtectiveExample {
  kind: ProtectiveKind;
  /** What the user says (no quotes, no speaker name). */
  user: string;
  /** What the character answers (no quotes, no speaker name). */
  character: string;
}

/** The user's own persona in this role-play. */
export interface UserPersona {
  name: string;
  description: string;
}

/**
 * Where a fired lore entry goes in the prompt: around the character's definition, around the
 * author's note, or into the history at `depth` (0 = after the newest message).
 */
export type LorePosition = 'before-character' | 'after-character' | 'before-note' | 'after-note' | 'at-depth';

/**
 * How a selective entry's secondary keys combine with its primary key (SillyTavern's
 * `selectiveLogic`): any of them, not all of them, none of them, all of them.
 */
export type SecondaryLogic = 'and-any' | 'not-all' | 'not-any' | 'and-all';

/**
 * A keyword-triggered lore entry: of a card's embedded book (`character_book`) or of a world book.
 * The optional fields are the world-info settings; absent means the default named on each.
 */
export interface LoreEntry {
  id: string;
  keys: string[];
  secondaryKeys: string[];
  /** When true, an entry fires only if a primary and a secondary key both match. */
  selective: boolean;
  content: string;
  enabled: boolean;
  constant: boolean;
  caseSensitive: boolean;
  insertionOrder: number;
  priority?: number;
  comment?: string;
  /** Where it goes in the prompt (default `after-character`). */
  position?: LorePosition;
  /** With `at-depth`: how many messages from the newest it is inserted (default 4). */
  depth?: number;
  /** How secondary keys combine (default `and-any`). */
  secondaryLogic?: SecondaryLogic;
  /** Chance in percent that a matching entry fires (default 100). */
  probability?: number;
  /** Keys match whole words only in Latin text (default false); Chinese keys always match inside sentences. */
  wholeWords?: boolean;
  /** Messages scanned for its keys, instead of the book's or the chat's setting. */
  scanDepth?: number;
  /** Not activated by the content of other fired entries (recursion opt-out). */
  excludeRecursion?: boolean;
  /** Its content never activates other entries. */
  preventRecursion?: boolean;
  /** Unknown fields kept so an export round-trips. */
  extra: Record<string, unknown>;
}

/**
 * The author's note: a short instruction inserted into the history at `depth` (messages from the
 * newest) on every `every`-th turn of the user (1: every turn); `{{char}}` / `{{user}}` work in it.
 * See `core/prompt/authors-note.ts`.
 */
export interface AuthorsNote {
  text: string;
  depth: number;
  every: number;
}

/** Card data kept only so an export round-trips (unknown fields, extensions, spec). */
export interface CardOrigin {
  spec: 'chara_card_v1' | 'chara_card_v2' | 'chara_card_v3';
  specVersion: string;
  /** Every field of `data` that EGOS does not map, verbatim. */
  unknownFields: Record<string, unknown>;
  extensions: Record<string, unknown>;
  /** Unknown fields of the `character_book` object itself. */
  bookExtra?: Record<string, unknown>;
  /** CHARX cards: where the zip held the main icon (the avatar), e.g. `assets/icon/images/main.png`. */
  iconPath?: string;
  /** CHARX cards: the zip's other files (assets, app data), verbatim, so an export writes them back. */
  packedFiles?: PackedFile[];
}

/** A file of a CHARX card kept as it was, under its path in the zip. */
export interface PackedFile {
  path: string;
  bytes: Uint8Array;
}

/** What of a reply is read aloud besides the speech: nothing, or the narration in a second voice. */
export type NarrationMode = 'skip' | 'other-voice';

/**
 * How a persona's replies sound when read aloud (see `core/voice.ts`): the browser voice it was
 * given (by `voiceURI`; absent or missing on this device: one is picked by the persona's
 * language), rate 0.5–2 and pitch 0–2 (1 is the voice's own), and the narration.
 */
export interface PersonaVoice {
  voiceURI?: string;
  rate: number;
  pitch: number;
  narration: NarrationMode;
  /** With `other-voice`: the narrator's voice (absent: another voice of the language). */
  narrationVoiceURI?: string;
}

/** A character the user chats with. */
export interface Persona {
  id: PersonaId;
  name: string;
  language: PersonaLanguage;
  /** Core summary used in the system prompt. */
  description: string;
  attributes: PersonaAttributes;
  behaviours: PersonaBehaviours;
  greeting: string;
  alternateGreetings: string[];
  /** Example dialogue, `Name: "…"` lines (card `mes_example`). */
  sampleDialogues: string;
  scenario: string;
  /** Card `system_prompt` override (may contain `{{original}}`). */
  systemPrompt: string;
  /** Card `post_history_instructions`. */
  postHistoryInstructions: string;
  /** The form new chats reply in; unset: what the greeting and examples suggest. */
  replyForm?: ReplyForm;
  /** The author's note of its chats when a chat has none of its own. */
  authorsNote?: AuthorsNote;
  user: UserPersona;
  style: StyleSettings;
  /** Style controls the user set by hand; "Infer from samples" leaves them alone. */
  stylePinned?: StyleControlId[];
  /** Mood and closeness new chats start from. */
  initialState?: { mood: string; closeness: number };
  boundary: KnowledgeBoundary;
  /**
   * Protective scenes the user kept (model-written, reviewed): the prompt shows these; when there
   * are none it shows the built-in scenes that fit the persona (see `protective-examples.ts`).
   */
  protectiveExamples?: ProtectiveExample[];
  sampling: SamplingOptions;
  /** How its replies are read aloud; absent: the defaults (an offline voice of its language, rate and pitch 1, narration skipped). */
  voice?: PersonaVoice;
  lore: LoreEntry[];
  /** World books attached to this persona (they fire in all its chats), besides its own `lore`. */
  bookIds?: BookId[];
  tags: string[];
  creator: string;
  /** Shown to the user, never sent to the model. */
  creatorNotes: string;
  /** PNG/JPEG/WebP bytes of the avatar, if any: the original, kept for export. */
  avatar?: { mime: string; bytes: Uint8Array };
  /** The small square picture screens show (see `core/avatar.ts`), made from `avatar` on import or upload. */
  avatarThumb?: { mime: string; bytes: Uint8Array };
  card?: CardOrigin;
  createdAt: number;
  updatedAt: number;
}

/** Fields a caller may give when creating a persona; the rest get defaults. */
export type PersonaInit = Partial<Omit<Persona, 'id' | 'createdAt' | 'updatedAt'>> & Pick<Persona, 'name'>;

const EMPTY_ATTRIBUTES: PersonaAttributes = {
  identity: '',
  interests: '',
  viewpoints: '',
  experiences: '',
  achievements: '',
  relationships: '',
  other: '',
};

const EMPTY_BEHAVIOURS: PersonaBehaviours = {
  catchphrases: [],
  dialect: '',
  speakingStyle: '',
  frequentWords: [],
  personality: '',
  emotionalExpression: '',
  interactionPatterns: '',
};

/** Builds a complete persona from partial input, filling every missing field with a default. */
export function createPersona(init: PersonaInit, id: PersonaId, now: number): Persona {
  return {
    language: 'en',
    description: '',
    greeting: '',
    alternateGreetings: [],
    sampleDialogues: '',
    scenario: '',
    systemPrompt: '',
    postHistoryInstructions: '',
    lore: [],
    tags: [],
    creator: '',
    creatorNotes: '',
    sampling: {},
    ...init,
    attributes: { ...EMPTY_ATTRIBUTES, ...init.attributes },
    behaviours: { ...EMPTY_BEHAVIOURS, ...init.behaviours },
    user: { name: '', description: '', ...init.user },
    style: { ...DEFAULT_STYLE, ...init.style },
    boundary: { era: '', knows: '', cannotKnow: [], ...init.boundary },
    id,
    createdAt: now,
    updatedAt: now,
  };
}

/** The name the user goes by in prompts: their persona name, or "Me". */
export function userDisplayName(persona: Pick<Persona, 'user'>): string {
  return persona.user.name.trim() || 'Me';
}
