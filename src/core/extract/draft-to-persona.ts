import type { PersonaInit } from '../persona/index.ts';
import type { PersonaDraft } from './persona-draft.ts';

/**
 * Maps a reviewed draft to the fields of a new persona (CharacterGLM attributes and
 * behaviours). `description` holds the identity (the core line of the system prompt); list
 * fields become one item per line; sample lines become `Name: "…"` (`Name：「…」` in Chinese)
 * example dialogue. The name may be empty: the review form must ask for one before saving.
 */
export function draftToPersonaInit(draft: PersonaDraft): PersonaInit {
  const name = draft.name.trim();
  const lines = (items: readonly string[]) =>
    items
      .map((item) => item.trim())
      .filter(Boolean)
      .join('\n');
  const speaker = name || (draft.language === 'zh' ? '角色' : 'Character');
  const quote = (line: string) => (draft.language === 'zh' ? `${speaker}：「${line}」` : `${speaker}: "${line}"`);
  return {
    name,
    language: draft.language,
    description: draft.identity.trim(),
    attributes: {
      identity: '',
      interests: lines(draft.interests),
      viewpoints: lines(draft.viewpoints),
      experiences: lines(draft.experiences),
      achievements: lines(draft.achievements),
      relationships: lines(draft.relationships),
      other: '',
    },
    behaviours: {
      catchphrases: draft.catchphrases.map((c) => c.trim()).filter(Boolean),
      dialect: '',
      speakingStyle: draft.speakingStyle.trim(),
      frequentWords: [],
      personality: draft.personality.trim(),
      emotionalExpression: '',
      interactionPatterns: '',
    },
    sampleDialogues: draft.sampleLines
      .map((l) => l.trim())
      .filter(Boolean)
      .map(quote)
      .join('\n'),
    boundary: {
      era: draft.knowledgeBoundary.era.trim(),
      knows: draft.knowledgeBoundary.knows.trim(),
      cannotKnow: draft.knowledgeBoundary.cannotKnow.map((c) => c.trim()).filter(Boolean),
    },
  };
}
