import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { Persona } from './persona.ts';
import { isRecord, jsonAnswer } from '../llm-output.ts';
import { cleanList, oneLine } from './localized.ts';
import { namesOf, personaText } from './names.ts';
import { hasBoundary, type ProtectiveExample, type ProtectiveKind } from './protective-examples.ts';

const KINDS: readonly ProtectiveKind[] = ['anachronism', 'false-relationship', 'out-of-world', 'unknown-topic'];
const USER_MAX = 200;
const CHARACTER_MAX = 300;

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
            kind: { type: 'string', enum: [...KINDS] },
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
 * A constrained-JSON request asking the model to write `count` short protective exchanges
 * in the character's own voice, from its knowledge boundary and personality.
 * @throws ValidationError `empty` when the persona has no knowledge boundary.
 */
export function buildProtectiveExamplesRequest(persona: Persona, count = 3): CompletionRequest {
  if (!hasBoundary(persona)) {
    throw new ValidationError('empty', msg('persona.error.noBoundary'));
  }
  const names = namesOf(persona);
  const b = persona.boundary;
  const facts = [
    `Character: ${names.char}`,
    `Description: ${personaText(persona.description, names)}`,
    `Personality: ${personaText(persona.behaviours.personality, names)}`,
    `Speaking style: ${personaText(persona.behaviours.speakingStyle, names)}`,
    `Era or world: ${personaText(b.era, names)}`,
    `Knows: ${personaText(b.knows, names)}`,
    `Cannot know: ${cleanList(b.cannotKnow)
      .map((t) => personaText(t, names))
      .join('; ')}`,
  ].filter((line) => !/: $/.test(line));
  const language = persona.language === 'zh' ? 'Simplified Chinese' : 'English';
  const task = [
    `Write ${count} short exchanges in which ${names.user} provokes ${names.char} with something ${names.char} cannot know:`,
    'a question about modern technology if the era is in the past (kind "anachronism"), a false claim of a relationship or shared past (kind "false-relationship"),',
    `a fact from outside ${names.char}'s world (kind "out-of-world"), or one of the topics it cannot know (kind "unknown-topic").`,
    `${names.char} answers in character and in its own voice, with confusion or refusal, and never explains the thing.`,
    `Each line is one or two sentences of ${language}, without speaker names or quote marks.`,
  ].join(' ');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You write short role-play examples. Answer with JSON only.' },
        { role: 'user', content: `${facts.join('\n')}\n\n${task}` },
      ],
    },
    responseFormat: { type: 'json', schema: protectiveExamplesSchema(count) },
    maxTokens: 120 * count,
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

/**
 * Reads model-written protective exchanges defensively: `{examples: […]}` or a bare list,
 * possibly fenced or inside prose; speaker names and quote marks are stripped, lines are
 * shortened, unknown kinds become `unknown-topic`, empty items are dropped; at most `max` kept.
 * @throws ValidationError `bad-json` when no JSON can be read, `invalid` when no usable exchange remains.
 */
export function parseProtectiveExamples(text: string, persona: Persona, max = 5): ProtectiveExample[] {
  const json = jsonAnswer(text);
  const items = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.examples) ? json.examples : [];
  const { char, user } = namesOf(persona);
  const speakers = [char, user, 'me', 'user', 'character', '我'].filter((s) => s !== '');
  const examples: ProtectiveExample[] = [];
  for (const item of items) {
    if (!isRecord(item) || examples.length >= max) continue;
    const userLine = speech(item.user, speakers, USER_MAX);
    const characterLine = speech(item.character, speakers, CHARACTER_MAX);
    if (!userLine || !characterLine) continue;
    const kind = KINDS.find((k) => k === item.kind) ?? 'unknown-topic';
    examples.push({ kind, user: userLine, character: characterLine });
  }
  if (examples.length === 0) {
    throw new ValidationError('invalid', msg('persona.error.noExamples'));
  }
  return examples;
}
