import type { Persona, PersonaLanguage, ProtectiveExample, ProtectiveKind } from './persona.ts';
import { eraTraits } from './era.ts';
import { cleanList, cleanText } from './localized.ts';
import { formatTurn } from '../prompt/reply-form.ts';
import { namesOf, personaText } from './names.ts';

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

/**
 * What each built-in scene denies, in both languages: the scene would contradict a persona whose
 * own text mentions it (a character with a sister is not told "I have no twin"; one who knows
 * telephones is not puzzled by a phone). `unknown-topic` denies only what the persona lists itself.
 */
const DENIES: Record<Exclude<ProtectiveKind, 'unknown-topic'>, RegExp> = {
  anachronism: /\b(smart ?phones?|(tele|cell|mobile )?phones?|telephon\w*)\b|手机|电话/i,
  'false-relationship': /\b(twins?|siblings?|brothers?|sisters?)\b|双胞胎|孪生|兄弟|姐妹|哥哥|姐姐|弟弟|妹妹|兄长|胞兄|胞弟|胞姐|胞妹/i,
  'out-of-world': /\b(new york|america|american)\b|纽约|美国/i,
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** True when the boundary says anything at all. */
export function hasBoundary(persona: Pick<Persona, 'boundary'>): boolean {
  const b = persona.boundary;
  return cleanText(b.era) !== '' || cleanText(b.knows) !== '' || cleanList(b.cannotKnow).length > 0;
}

/** The scenes the user kept, lines cleaned, incomplete ones left out. */
export function keptProtectiveExamples(persona: Pick<Persona, 'protectiveExamples'>): ProtectiveExample[] {
  return (persona.protectiveExamples ?? [])
    .map((e) => ({ kind: e.kind, user: cleanText(e.user), character: cleanText(e.character) }))
    .filter((e) => e.user !== '' && e.character !== '');
}

/** Everything the persona says about itself that a built-in scene could contradict. */
function storyText(persona: Persona): string {
  return [persona.description, ...Object.values(persona.attributes), persona.scenario, persona.boundary.knows].join('\n');
}

/**
 * The built-in protective scenes that fit the persona (the fallback while the user has kept
 * none), in its language, deterministic: a modern-technology question when the era is
 * pre-modern, a false twin claim, and a question about the first topic it cannot know (or, when
 * there is none and the world is invented, a real-world place). A scene is left out when the
 * persona's own text mentions what it denies (a sibling, telephones, New York). Empty when the
 * boundary is empty.
 */
export function cannedProtectiveExamples(persona: Persona): ProtectiveExample[] {
  if (!hasBoundary(persona)) return [];
  const names = namesOf(persona);
  const era = personaText(persona.boundary.era, names);
  const topic = cleanList(persona.boundary.cannotKnow).map((t) => personaText(t, names))[0];
  const traits = eraTraits(era);
  const story = storyText(persona);
  const kinds: ProtectiveKind[] = [];
  if (traits.preModern) kinds.push('anachronism');
  kinds.push('false-relationship');
  if (topic !== undefined) kinds.push('unknown-topic');
  else if (traits.fictional) kinds.push('out-of-world');
  const templates = TEMPLATES[persona.language];
  return kinds.filter((kind) => kind === 'unknown-topic' || !DENIES[kind].test(story)).map((kind) => ({ kind, ...templates[kind](topic ?? '') }));
}

/**
 * The scenes the prompt shows: the ones the user kept (macros substituted) when there are any,
 * else the built-in ones that fit ({@link cannedProtectiveExamples}).
 */
export function protectiveExamplesFor(persona: Persona): ProtectiveExample[] {
  const kept = keptProtectiveExamples(persona);
  if (kept.length === 0) return cannedProtectiveExamples(persona);
  const names = namesOf(persona);
  return kept.map((e) => ({ kind: e.kind, user: personaText(e.user, names), character: personaText(e.character, names) }));
}

/**
 * The exchanges as dialogue lines (`Me: "…"` / `Name: "…"`, or `Name：「…」` for Chinese),
 * one blank line between exchanges.
 */
export function formatProtectiveExamples(examples: readonly ProtectiveExample[], persona: Persona): string {
  const { char, user } = namesOf(persona);
  return examples.map((e) => `${formatTurn(user, e.user, 'line', persona.language)}\n${formatTurn(char, e.character, 'line', persona.language)}`).join('\n\n');
}
