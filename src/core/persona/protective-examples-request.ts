import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { PROTECTIVE_KINDS, type Persona, type ProtectiveExample, type ProtectiveKind } from './persona.ts';
import { eraTraits } from './era.ts';
import { isRecord, readJson } from '../llm-output.ts';
import { cleanList, oneLine } from './localized.ts';
import type { MacroNames } from './macros.ts';
import { namesOf, personaText } from './names.ts';
import { hasBoundary } from './protective-examples.ts';

/** Scenes asked for by default: few enough for the smallest model to write in one short answer. */
export const PROTECTIVE_SCENE_COUNT = 3;
const USER_MAX = 200;
const CHARACTER_MAX = 300;
/** Answer tokens per scene: a JSON object with two short lines, Chinese included. */
const TOKENS_PER_SCENE = 130;

/** One scene the model is asked to write: its kind and, for `unknown-topic`, the topic (if one is listed). */
interface PlannedScene {
  kind: ProtectiveKind;
  topic?: string;
}

/** JSON schema of the answer: a list of `{kind, user, character}` exchanges. */
export function protectiveExamplesSchema(count: number): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      examples: {
        type: 'array',
        minItems: 1,
        maxItems: count,
        items: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: [...PROTECTIVE_KINDS] },
            user: { type: 'string', maxLength: USER_MAX },
            character: { type: 'string', maxLength: CHARACTER_MAX },
          },
          required: ['kind', 'user', 'character'],
          additionalProperties: false,
        },
      },
    },
    required: ['examples'],
    additionalProperties: false,
  };
}

/**
 * Which scenes fit the persona, most telling first: one about its era (an anachronism for a past
 * era, a real-world fact for an invented world), a false relationship claim, one per topic it
 * cannot know; then the other era scene; then questions about anything outside what it knows.
 */
function planScenes(persona: Persona, topics: readonly string[], count: number): PlannedScene[] {
  const traits = eraTraits(persona.boundary.era);
  const era: ProtectiveKind[] = [...(traits.preModern ? ['anachronism' as const] : []), ...(traits.fictional ? ['out-of-world' as const] : [])];
  const plan: PlannedScene[] = [
    ...era.slice(0, 1).map((kind) => ({ kind })),
    { kind: 'false-relationship' },
    ...topics.map((topic) => ({ kind: 'unknown-topic' as const, topic })),
    ...era.slice(1).map((kind) => ({ kind })),
  ];
  while (plan.length < count) plan.push({ kind: 'unknown-topic' });
  return plan.slice(0, count);
}

function sceneLine(scene: PlannedScene, names: MacroNames, era: string): string {
  const { char, user } = names;
  switch (scene.kind) {
    case 'anachronism':
      return `${user} asks about a specific thing invented after ${char}'s time${era ? ` (${era})` : ''}.`;
    case 'out-of-world':
      return `${user} mentions a real place, person or fact from our world that does not exist in ${char}'s world.`;
    case 'false-relationship':
      return `${user} falsely claims a relationship or a shared past with ${char} that is not in ${char}'s relationships above.`;
    case 'unknown-topic':
      return scene.topic ? `${user} asks about "${scene.topic}".` : `${user} asks about something ${char} cannot know from the facts above.`;
  }
}

/**
 * A constrained-JSON request asking the model to write `count` short protective scenes for this
 * persona: each names a specific thing of the kind planned for it (its era, its relationships, the
 * topics it cannot know), and the character answers in its own voice. The answer is short (a
 * JSON schema, about 130 tokens a scene) so the smallest model can write it.
 * @throws ValidationError `empty` when the persona has no knowledge boundary.
 */
export function buildProtectiveExamplesRequest(persona: Persona, count = PROTECTIVE_SCENE_COUNT): CompletionRequest {
  if (!hasBoundary(persona)) {
    throw new ValidationError('empty', msg('persona.error.noBoundary'));
  }
  const names = namesOf(persona);
  const text = (value: string): string => personaText(value, names);
  const b = persona.boundary;
  const topics = cleanList(b.cannotKnow).map(text);
  const facts = [
    `Character: ${names.char}`,
    `Description: ${text(persona.description)}`,
    `Identity: ${text(persona.attributes.identity)}`,
    `Relationships: ${text(persona.attributes.relationships)}`,
    `Personality: ${text(persona.behaviours.personality)}`,
    `Speaking style: ${text(persona.behaviours.speakingStyle)}`,
    `Era or world: ${text(b.era)}`,
    `Knows: ${text(b.knows)}`,
    `Cannot know: ${topics.join('; ')}`,
  ].filter((line) => !/: $/.test(line));
  const plan = planScenes(persona, topics, count);
  const language = persona.language === 'zh' ? 'Simplified Chinese' : 'English';
  const task = [
    `Write ${plan.length} short exchanges in which ${names.user} provokes ${names.char} with something ${names.char} cannot know, one for each line below (its kind in brackets):`,
    ...plan.map((scene, i) => `${i + 1}. [${scene.kind}] ${sceneLine(scene, names, text(b.era))}`),
    `${names.char} answers in character, in its own voice, from what ${names.char} does know (its time, place and life), with confusion, doubt or refusal; it never explains the thing and never steps out of its role.`,
    `Each line is one or two sentences of ${language}, without speaker names or quote marks.`,
  ].join('\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You write short role-play examples. Answer with JSON only.' },
        { role: 'user', content: `${facts.join('\n')}\n\n${task}` },
      ],
    },
    responseFormat: { type: 'json', schema: protectiveExamplesSchema(plan.length) },
    maxTokens: TOKENS_PER_SCENE * plan.length,
    sampling: { temperature: 0.7 },
    enableThinking: false,
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One line of speech: speaker prefix and surrounding quote marks removed, bounded length. */
function speech(value: unknown, speakers: readonly string[], max: number): string {
  const prefix = new RegExp(`^(?:${speakers.map(escapeRegExp).join('|')})\\s*[:：]\\s*`, 'i');
  const text = oneLine(value, 1000)
    .replace(prefix, '')
    .replace(/^["“「『]+|["”」』]+$/gu, '');
  return oneLine(text, max);
}

export function parseProtectiveExamples(text: string, persona: Persona, max = 5): ProtectiveExample[] {
  if (text.trim() === '') throw new ValidationError('empty', msg('modelOutput.error.empty'));
  const json = readJson(text, { salvage: true });
  if (json === undefined) throw new ValidationError('bad-json', msg('modelOutput.error.notJson'));
  const items = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.examples) ? json.examples : [];
  const { char, user } = namesOf(persona);
  const speakers = [char, user, 'me', 'user', 'character', '我'].filter((s) => s !== '');
  const examples: ProtectiveExample[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (!isRecord(item) || examples.length >= max) continue;
    const userLine = speech(item.user, speakers, USER_MAX);
    const characterLine = speech(item.character, speakers, CHARACTER_MAX);
    if (!userLine || !characterLine || seen.has(userLine)) continue;
    seen.add(userLine);
    const kind = PROTECTIVE_KINDS.find((k) => k === item.kind) ?? 'unknown-topic';
    examples.push({ kind, user: userLine, character: characterLine });
  }
  if (examples.length === 0) {
    throw new ValidationError('invalid', msg('persona.error.noExamples'));
  }
  return examples;
}
