import type { Persona } from '../persona/index.ts';

/** Persona fields the judge sees. */
export type ProfileFields = Pick<Persona, 'name' | 'description' | 'attributes' | 'behaviours' | 'boundary' | 'scenario'>;

const DEFAULT_MAX_CHARS = 6000;

/**
 * The character profile shown to the judge: labelled, non-empty persona fields in English
 * labels, cut to `maxChars` (default 6000) so it fits a small judge model's context.
 */
export function personaProfile(persona: ProfileFields, maxChars = DEFAULT_MAX_CHARS): string {
  const a = persona.attributes;
  const b = persona.behaviours;
  const k = persona.boundary;
  const fields: Array<[string, string]> = [
    ['Name', persona.name],
    ['Description', persona.description],
    ['Scenario', persona.scenario],
    ['Identity', a.identity],
    ['Interests', a.interests],
    ['Viewpoints', a.viewpoints],
    ['Experiences', a.experiences],
    ['Achievements', a.achievements],
    ['Relationships', a.relationships],
    ['Other', a.other],
    ['Personality', b.personality],
    ['Speaking style', b.speakingStyle],
    ['Dialect', b.dialect],
    ['Catchphrases', b.catchphrases.join(' | ')],
    ['Frequent words', b.frequentWords.join(', ')],
    ['Emotional expression', b.emotionalExpression],
    ['Interaction patterns', b.interactionPatterns],
    ['Era / world', k.era],
    ['Knows about', k.knows],
    ['Cannot know about', k.cannotKnow.join('; ')],
  ];
  const text = fields
    .filter(([, value]) => value.trim() !== '')
    .map(([label, value]) => `${label}: ${value.trim()}`)
    .join('\n');
  const chars = [...text];
  return chars.length <= maxChars ? text : `${chars.slice(0, maxChars - 1).join('')}…`;
}
