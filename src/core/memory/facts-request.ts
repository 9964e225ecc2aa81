/**
 * The constrained model call that extracts facts every few turns. Small models are poor at
 * free-form memory editing, so the model only fills a JSON schema: each fact says who it is
 * about, the fact as a full sentence naming the person, an importance 1–10, and the number
 * of the message it came from. Everything else (dedup, storage, decay) is done in code.
 */
import type { MessageId } from '../ids.ts';
import type { CompletionRequest, JsonResponseFormat } from '../llm-engine.ts';
import type { PersonaLanguage } from '../persona/index.ts';

/** One recent message given to the extractor; numbered 1.. in the prompt. */
export interface FactsTurn {
  id: MessageId;
  /** Display name of who said it. */
  speaker: string;
  text: string;
}

/** Input of {@link buildFactsRequest}. */
export interface FactsRequestInput {
  turns: readonly FactsTurn[];
  userName: string;
  /** The character, or a group chat's characters as a sentence names them ("Maren, Tobin and Ada"). */
  characterName: string;
  /** A group chat: `characterName` names several characters. */
  group?: boolean;
  language: PersonaLanguage;
  /** Facts already stored (a few recent ones), so the model does not repeat them. */
  knownFacts?: readonly string[];
  /** Most facts asked for (default 5). */
  maxFacts?: number;
}

/** Extract facts every this many user turns (default). */
export const DEFAULT_FACTS_EVERY = 4;

/** JSON schema of the extractor's answer. */
export function factsSchema(turnCount: number, maxFacts: number): JsonResponseFormat {
  return {
    type: 'json',
    schema: {
      type: 'object',
      properties: {
        facts: {
          type: 'array',
          maxItems: maxFacts,
          items: {
            type: 'object',
            properties: {
              about: { type: 'string', enum: ['user', 'character'] },
              fact: { type: 'string' },
              importance: { type: 'integer', minimum: 1, maximum: 10 },
              message: { type: 'integer', minimum: 1, maximum: Math.max(1, turnCount) },
            },
            required: ['about', 'fact', 'importance', 'message'],
          },
        },
      },
      required: ['facts'],
    },
  };
}

function instructions(input: FactsRequestInput, maxFacts: number): string {
  const lang = input.language === 'zh' ? 'Chinese' : 'English';
  const known = input.knownFacts?.length ? `\nAlready known (do not repeat):\n${input.knownFacts.map((f) => `- ${f}`).join('\n')}` : '';
  const character = input.group ? 'the characters' : 'the character';
  return [
    `You read a role-play chat between ${input.userName} (the user) and ${input.characterName} (${character}).`,
    `List up to ${maxFacts} new, lasting facts stated in these messages about ${input.userName} or ${input.characterName}:`,
    'names, relationships, likes and dislikes, plans, promises, events that happened, changes in feelings.',
    'Skip small talk and anything only guessed.',
    `Write each fact as one short sentence in ${lang} that names the person.`,
    'importance: 1 = trivial, 10 = life-changing. message: the number of the message it comes from.',
    'Answer with JSON only: {"facts": [{"about": "user" | "character", "fact": "...", "importance": 1-10, "message": n}]}.',
    known,
  ].join('\n');
}

/** A chat request asking for facts from `turns`, constrained by {@link factsSchema}. */
export function buildFactsRequest(input: FactsRequestInput): CompletionRequest {
  const maxFacts = input.maxFacts ?? 5;
  const numbered = input.turns.map((t, i) => `[${i + 1}] ${t.speaker}: ${t.text}`).join('\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: instructions(input, maxFacts) },
        { role: 'user', content: numbered },
      ],
    },
    responseFormat: factsSchema(input.turns.length, maxFacts),
    maxTokens: 80 + 70 * maxFacts,
    sampling: { temperature: 0 },
    enableThinking: false,
  };
}
