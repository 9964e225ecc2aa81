import { EngineError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { CompletionRequest, LlmEngine } from '../llm-engine.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import { collectText, jsonAnswer } from '../llm-output.ts';
import type { InterviewCategory, InterviewItem } from './interview-set.ts';
import { personaProfile, type ProfileFields } from './persona-profile.ts';

/** Categories a model can write single questions for (memory probes need planted facts). */
export type GeneratedCategory = Exclude<InterviewCategory, 'memory'>;
const GENERATED: readonly GeneratedCategory[] = ['identity', 'relationships', 'values', 'experiences', 'style', 'boundary'];
const MAX_QUESTION_CHARS = 500;
const MAX_COUNT = 30;

/** Options of {@link buildQuestionGenerationRequest} and {@link generateQuestions}. */
export interface QuestionGenerationOptions {
  /** How many questions to ask for (1–30, default 10). */
  count?: number;
  categories?: readonly GeneratedCategory[];
  /** Language of the questions; default the persona's. */
  language?: PersonaLanguage;
  sampling?: SamplingOptions;
}

/** Parsed questions and how many entries were dropped as malformed or duplicate. */
export interface GeneratedQuestions {
  items: InterviewItem[];
  rejected: number;
}

/** JSON schema of the generator's answer, for engines that constrain output. */
export function generatedQuestionsSchema(count: number, categories: readonly GeneratedCategory[] = GENERATED): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      questions: {
        type: 'array',
        minItems: 1,
        maxItems: count,
        items: {
          type: 'object',
          properties: {
            category: { type: 'string', enum: [...categories] },
            question: { type: 'string', minLength: 1, maxLength: MAX_QUESTION_CHARS },
          },
          required: ['category', 'question'],
          additionalProperties: false,
        },
      },
    },
    required: ['questions'],
    additionalProperties: false,
  };
}

/** A constrained-JSON request asking a model for interview questions about `persona`. */
export function buildQuestionGenerationRequest(
  persona: ProfileFields & { language: PersonaLanguage },
  options: QuestionGenerationOptions = {},
): CompletionRequest {
  const count = Math.min(MAX_COUNT, Math.max(1, Math.round(options.count ?? 10)));
  const categories = options.categories ?? GENERATED;
  const language = (options.language ?? persona.language) === 'zh' ? 'Chinese (简体中文)' : 'English';
  const user = [
    `[Character profile]\n${personaProfile(persona)}`,
    `Write ${count} interview questions, in ${language}, that test whether someone playing this character stays in character. Address the character directly as "you". Spread them over these categories: ${categories.join(', ')}.`,
    'identity = who they are; relationships = people in their life; values = beliefs and opinions; experiences = things they lived through; style = situations that reveal how they talk; boundary = traps about things the character cannot know (technology from after its era, relatives it does not have, facts from outside its world).',
    'Reply with JSON only, in the form {"questions":[{"category":"identity","question":"..."}]}.',
  ].join('\n\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You write interview questions for testing role-play characters.' },
        { role: 'user', content: user },
      ],
    },
    responseFormat: { type: 'json', schema: generatedQuestionsSchema(count, categories) },
    maxTokens: 120 * count,
    sampling: options.sampling,
    enableThinking: false,
  };
}

/**
 * Defensive parser of the generator's answer: accepts `{"questions":[…]}` or a bare array,
 * inside code fences or chatter; keeps entries with a known category and a question of
 * 1–500 characters, drops duplicates, and gives ids `prefix-1`, … that avoid `existingIds`.
 * @throws ValidationError (`bad-json`) when the text holds no parseable JSON.
 */
export function parseGeneratedQuestions(
  text: string,
  options: { idPrefix?: string; existingIds?: ReadonlySet<string>; max?: number; categories?: readonly GeneratedCategory[] } = {},
): GeneratedQuestions {
  const data = jsonAnswer(text);
  const list: unknown[] = Array.isArray(data)
    ? data
    : Array.isArray((data as { questions?: unknown })?.questions)
      ? (data as { questions: unknown[] }).questions
      : [];
  const allowed = options.categories ?? GENERATED;
  const prefix = options.idPrefix ?? 'gen';
  const taken = new Set(options.existingIds);
  const seen = new Set<string>();
  const items: InterviewItem[] = [];
  let next = 1;
  for (const entry of list) {
    const e = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    const question = typeof e.question === 'string' ? e.question.trim() : '';
    const category = e.category as GeneratedCategory;
    const key = question.toLowerCase();
    if (!question || [...question].length > MAX_QUESTION_CHARS || !allowed.includes(category) || seen.has(key) || items.length >= (options.max ?? MAX_COUNT))
      continue;
    seen.add(key);
    while (taken.has(`${prefix}-${next}`)) next++;
    taken.add(`${prefix}-${next}`);
    items.push({ id: `${prefix}-${next}`, category, turns: [question] });
  }
  return { items, rejected: list.length - items.length };
}

/**
 * Asks `engine` for extra interview questions about `persona` and parses them.
 * @throws ValidationError (`bad-json`) when the answer holds no JSON; EngineError from the engine;
 * the signal's reason when cancelled.
 */
export async function generateQuestions(
  engine: LlmEngine,
  persona: ProfileFields & { language: PersonaLanguage },
  options: QuestionGenerationOptions & { existingIds?: ReadonlySet<string> } = {},
  signal?: AbortSignal,
): Promise<GeneratedQuestions> {
  const { text, finishReason } = await collectText(engine, buildQuestionGenerationRequest(persona, options), { signal });
  if (finishReason === 'abort') {
    signal?.throwIfAborted();
    throw new EngineError('engine-failed', msg('eval.error.questionsCut'));
  }
  return parseGeneratedQuestions(text, { existingIds: options.existingIds, max: options.count, categories: options.categories });
}
