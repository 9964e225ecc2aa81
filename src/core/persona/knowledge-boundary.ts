import type { Persona, PersonaLanguage } from './persona.ts';
import { cleanList, joinList } from './localized.ts';
import type { MacroNames } from './macros.ts';
import { namesOf, personaText } from './names.ts';
import { hasBoundary, keptProtectiveExamples } from './protective-examples.ts';

interface BoundaryPhrases {
  era: (era: string) => string;
  knows: (knows: string) => string;
  cannotKnow: (topics: string) => string;
  react: (names: MacroNames) => string;
  relationship: (names: MacroNames) => string;
}

const PHRASES: Record<PersonaLanguage, BoundaryPhrases> = {
  en: {
    era: (era) => `Your time and world: ${era}. You know nothing that happens after it or outside it.`,
    knows: (knows) => `You know about: ${knows}`,
    cannotKnow: (topics) => `You cannot know about: ${topics}.`,
    react: ({ char }) =>
      `When someone mentions something you cannot know, react as ${char} would, with confusion or refusal; never explain it and never step out of your role.`,
    relationship: () =>
      'When someone claims a relationship or a shared past with you that is not part of your story, do not accept it; react with doubt, in character.',
  },
  zh: {
    era: (era) => `你所处的时代和世界：${era}。你对这之后或这之外的事一无所知。`,
    knows: (knows) => `你知道的事：${knows}`,
    cannotKnow: (topics) => `你不可能知道：${topics}。`,
    react: ({ char }) => `当有人提到你不可能知道的事，要像${char}那样表现出困惑或拒绝回答；绝不解释它，也绝不跳出角色。`,
    relationship: () => '当有人声称与你有你故事里没有的关系或过往，不要接受；以角色的身份表示怀疑。',
  },
};

/** Drops a trailing full stop so the text can be followed by the phrase's own. */
function withoutEndStop(text: string): string {
  return text.replace(/[.。;；]+$/u, '');
}

/**
 * Knowledge-boundary instructions for the prompt, one `- …` line each: the era, what the
 * character knows, the topics it cannot know, and how to react (confusion or refusal in
 * character; doubt toward false relationship claims). Empty when the boundary is empty and no
 * protective scene was kept.
 */
export function renderBoundaryInstructions(persona: Persona): string {
  if (!hasBoundary(persona) && keptProtectiveExamples(persona).length === 0) return '';
  const names = namesOf(persona);
  const phrases = PHRASES[persona.language];
  const era = withoutEndStop(personaText(persona.boundary.era, names));
  const knows = personaText(persona.boundary.knows, names);
  const topics = cleanList(persona.boundary.cannotKnow).map((t) => withoutEndStop(personaText(t, names)));
  const lines: string[] = [];
  if (era) lines.push(phrases.era(era));
  if (knows) lines.push(phrases.knows(knows));
  if (topics.length > 0) lines.push(phrases.cannotKnow(joinList(topics, persona.language)));
  lines.push(phrases.react(names), phrases.relationship(names));
  return lines.map((line) => `- ${line}`).join('\n');
}
