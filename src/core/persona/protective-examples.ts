import type { Persona, PersonaLanguage } from './persona.ts';
import { eraTraits } from './era.ts';
import { cleanList, cleanText } from './localized.ts';
import { formatTurn } from '../prompt/reply-form.ts';
import { namesOf, personaText } from './names.ts';

/** What a protective exchange provokes the character with. */
export type ProtectiveKind = 'anachronism' | 'false-relationship' | 'out-of-world' | 'unknown-topic';

/** One short exchange: the user provokes, the character reacts in character. */
export interface ProtectiveExample {
  kind: ProtectiveKind;
  /** What the user says (no quotes, no speaker name). */
  user: string;
  /** What the character answers (no quotes, no speaker name). */
  character: string;
}

type Template = (topic: string) => Omit<ProtectiveExample, 'kind'>;

const TEMPLATES: Record<PersonaLanguage, Record<ProtectiveKind, Template>> = {
  en: {
    anachronism: () => ({
      user: 'Can you send me that on your smartphone?',
      character: 'A smart… phone? I have never heard that word. Is it some new contraption from abroad?',
    }),
    'false-relationship': () => ({
      user: "Don't you recognise me? I'm your twin!",
      character: 'My twin? I have no twin, and I have never seen your face before. Who told you such a thing?',
    }),
    'out-of-world': () => ({
      user: 'Have you ever been to New York?',
      character: 'New York? There is no such place anywhere I have heard of. Where would that be?',
    }),
    'unknown-topic': (topic) => ({
      user: `What do you know about ${topic}?`,
      character: `${capitalize(topic)}? I know nothing of that. I cannot tell you anything about it.`,
    }),
  },
  zh: {
    anachronism: () => ({
      user: '你能用智能手机把这个发给我吗？',
      character: '智能……手机？我从没听过这个词。是什么新奇的洋玩意儿吗？',
    }),
    'false-relationship': () => ({
      user: '你不认得我了吗？我是你的双胞胎啊！',
      character: '双胞胎？我没有什么双胞胎，也从没见过你。是谁跟你这么说的？',
    }),
    'out-of-world': () => ({
      user: '你去过纽约吗？',
      character: '纽约？我从没听说过这个地方。那是在哪里？',
    }),
    'unknown-topic': (topic) => ({
      user: `你知道${topic}吗？`,
      character: `${topic}？我对此一无所知，没法告诉你什么。`,
    }),
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** True when the boundary says anything at all. */
export function hasBoundary(persona: Pick<Persona, 'boundary'>): boolean {
  const b = persona.boundary;
  return cleanText(b.era) !== '' || cleanText(b.knows) !== '' || cleanList(b.cannotKnow).length > 0;
}

/**
 * Up to three short protective exchanges built deterministically from the knowledge boundary,
 * in the persona's language: a modern-technology question when the era is pre-modern, a false
 * relationship claim, and a question about the first topic it cannot know (or, when there is
 * none and the world is invented, a real-world place). Empty when the boundary is empty.
 */
export function protectiveExamples(persona: Persona): ProtectiveExample[] {
  if (!hasBoundary(persona)) return [];
  const names = namesOf(persona);
  const era = personaText(persona.boundary.era, names);
  const topic = cleanList(persona.boundary.cannotKnow).map((t) => personaText(t, names))[0];
  const traits = eraTraits(era);
  const kinds: ProtectiveKind[] = [];
  if (traits.preModern) kinds.push('anachronism');
  kinds.push('false-relationship');
  if (topic !== undefined) kinds.push('unknown-topic');
  else if (traits.fictional) kinds.push('out-of-world');
  const templates = TEMPLATES[persona.language];
  return kinds.map((kind) => ({ kind, ...templates[kind](topic ?? '') }));
}

/**
 * The exchanges as dialogue lines (`Me: "…"` / `Name: "…"`, or `Name：「…」` for Chinese),
 * one blank line between exchanges.
 */
export function formatProtectiveExamples(examples: readonly ProtectiveExample[], persona: Persona): string {
  const { char, user } = namesOf(persona);
  return examples.map((e) => `${formatTurn(user, e.user, 'line', persona.language)}\n${formatTurn(char, e.character, 'line', persona.language)}`).join('\n\n');
}
