import type { PersonaLanguage } from '../persona/index.ts';

/** What the character can and cannot know, as extracted. */
export interface DraftBoundary {
  era: string;
  knows: string;
  cannotKnow: string[];
}

/**
 * A persona being extracted from source material, refined chunk by chunk. Shown to the user
 * for review, then mapped with `draftToPersonaInit`.
 */
export interface PersonaDraft {
  name: string;
  language: PersonaLanguage;
  /** Background and identity: who the character is. */
  identity: string;
  personality: string;
  speakingStyle: string;
  catchphrases: string[];
  /** The character's own spoken lines, verbatim. */
  sampleLines: string[];
  relationships: string[];
  interests: string[];
  viewpoints: string[];
  experiences: string[];
  achievements: string[];
  knowledgeBoundary: DraftBoundary;
}

/** Free-text fields of a draft. */
export const DRAFT_TEXT_FIELDS = ['name', 'identity', 'personality', 'speakingStyle'] as const;
/** List fields of a draft. */
export const DRAFT_LIST_FIELDS = ['catchphrases', 'sampleLines', 'relationships', 'interests', 'viewpoints', 'experiences', 'achievements'] as const;

export type DraftListField = (typeof DRAFT_LIST_FIELDS)[number];

/** Bounds that keep the draft (re-sent with every chunk) small enough for a 4096-token model. */
export const DRAFT_LIMITS = {
  nameChars: 80,
  textChars: 600,
  itemChars: 200,
  items: 10,
  sampleLines: 16,
} as const;

/** Most items a list field may hold. */
export function listLimit(field: DraftListField | 'cannotKnow'): number {
  return field === 'sampleLines' ? DRAFT_LIMITS.sampleLines : DRAFT_LIMITS.items;
}

/** A draft with every field empty. */
export function emptyDraft(language: PersonaLanguage, name = ''): PersonaDraft {
  return {
    name,
    language,
    identity: '',
    personality: '',
    speakingStyle: '',
    catchphrases: [],
    sampleLines: [],
    relationships: [],
    interests: [],
    viewpoints: [],
    experiences: [],
    achievements: [],
    knowledgeBoundary: { era: '', knows: '', cannotKnow: [] },
  };
}

const stringList = { type: 'array', items: { type: 'string' } };

/** JSON schema of the model's answer: the whole updated draft (language is set by code). */
export const PERSONA_DRAFT_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    identity: { type: 'string' },
    personality: { type: 'string' },
    speakingStyle: { type: 'string' },
    ...Object.fromEntries(DRAFT_LIST_FIELDS.map((field) => [field, stringList])),
    knowledgeBoundary: {
      type: 'object',
      properties: { era: { type: 'string' }, knows: { type: 'string' }, cannotKnow: stringList },
      required: ['era', 'knows', 'cannotKnow'],
      additionalProperties: false,
    },
  },
  required: [...DRAFT_TEXT_FIELDS, ...DRAFT_LIST_FIELDS, 'knowledgeBoundary'],
  additionalProperties: false,
};

/** The draft as compact JSON for the prompt, keys in schema order, without `language`. */
export function draftForPrompt(draft: PersonaDraft): string {
  const { language: _language, ...rest } = draft;
  const ordered = Object.fromEntries([...DRAFT_TEXT_FIELDS, ...DRAFT_LIST_FIELDS, 'knowledgeBoundary' as const].map((k) => [k, rest[k]]));
  return JSON.stringify(ordered);
}
