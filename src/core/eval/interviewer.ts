import type { CompletionRequest, LlmEngine } from '../llm-engine.ts';
import { collectText, isRecord, readJson } from '../llm-output.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import type { InterviewItem } from './interview-set.ts';

/** Why the interviewer asks again: the answer dodged, it contradicts an earlier one, or it stayed shallow. */
export type FollowUpReason = 'dodge' | 'contradiction' | 'depth';

/** Every follow-up reason, in report order. */
export const FOLLOW_UP_REASONS: readonly FollowUpReason[] = ['dodge', 'contradiction', 'depth'];

/** What the interviewer decided after an answer. */
export type InterviewerDecision = { action: 'follow-up'; question: string; reason: FollowUpReason } | { action: 'done' };

/** Who asks the follow-ups: the script (the dodge detector's one line), the answering model, or the judge's model. */
export type InterviewerEngineChoice = 'script' | 'answering' | 'judge';

/** Model follow-ups per interview item: default and most. */
export const DEFAULT_INTERVIEWER_FOLLOW_UPS = 3;
export const MAX_INTERVIEWER_FOLLOW_UPS = 8;

/** How a run interviews (absent in runs saved before: the script). */
export interface InterviewerSettings {
  engine: InterviewerEngineChoice;
  /** Model follow-ups per item, 1 to {@link MAX_INTERVIEWER_FOLLOW_UPS}. */
  maxFollowUps: number;
}

/** What the interviewer sees before deciding on a follow-up. */
export interface InterviewerInput {
  item: InterviewItem;
  characterName: string;
  /** The character's profile (cut short for the interviewer). */
  profile: string;
  /** The conversation so far; the last exchange is the answer to look at. */
  exchanges: readonly InterviewExchange[];
  language: PersonaLanguage;
  /** How many more follow-ups this item may have (at least 1 when asked). */
  followUpsLeft: number;
  signal?: AbortSignal;
}

/** Decides on the next follow-up; null when its answer could not be read (the script then decides). */
export type Interviewer = (input: InterviewerInput) => Promise<InterviewerDecision | null>;

/** The interviewer sees at most this much of the profile. */
export const INTERVIEWER_PROFILE_CHARS = 1500;
const MAX_QUESTION_CHARS = 300;

/** JSON schema of the interviewer's answer, for engines that constrain output. */
export function interviewerSchema(): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      action: { type: 'string', enum: ['follow-up', 'done'] },
      question: { type: 'string', maxLength: MAX_QUESTION_CHARS },
      reason: { type: 'string', enum: [...FOLLOW_UP_REASONS] },
    },
    required: ['action', 'question', 'reason'],
    additionalProperties: false,
  };
}

function shortProfile(profile: string): string {
  const chars = [...profile];
  return chars.length <= INTERVIEWER_PROFILE_CHARS ? profile : `${chars.slice(0, INTERVIEWER_PROFILE_CHARS - 1).join('')}…`;
}

interface PromptTexts {
  system: string;
  profile: string;
  planned: string;
  conversation: string;
  interviewer: string;
  task: (left: number) => string;
}

const TEXTS: Readonly<Record<PersonaLanguage, PromptTexts>> = {
  en: {
    system: 'You are the interviewer in a test of a role-play character. You ask short, natural questions in the language of the interview.',
    profile: 'Character profile',
    planned: 'Planned questions of this interview',
    conversation: 'Conversation so far',
    interviewer: 'Interviewer',
    task: (left) =>
      [
        'Look at the character\'s last answer. Ask one follow-up question when it dodged the question (reason "dodge"), when it contradicts something the character said earlier or its profile (reason "contradiction": point at the contradiction and ask it to explain), or when it stayed too shallow to show who the character is (reason "depth").',
        `Otherwise answer "done". You may ask at most ${left} more follow-up${left === 1 ? '' : 's'}. Do not ask a planned question yourself. Write the question in English, addressed to the character as "you", in one or two sentences.`,
        'Reply with JSON only: {"action":"follow-up"|"done","question":"…","reason":"dodge"|"contradiction"|"depth"} (with "done", the question is "").',
      ].join('\n'),
  },
  zh: {
    system: '你是角色扮演测试中的采访者。你用采访所用的语言提出简短、自然的问题。',
    profile: '角色资料',
    planned: '本次采访计划的问题',
    conversation: '目前的对话',
    interviewer: '采访者',
    task: (left) =>
      [
        '请看角色的最后一个回答。如果它回避了问题（reason 为 "dodge"），或者与角色之前说过的话或角色资料相矛盾（reason 为 "contradiction"：指出矛盾之处，请角色解释），或者回答太浅、看不出角色是怎样的人（reason 为 "depth"），就提出一个追问。',
        `否则回答 "done"。你最多还能追问 ${left} 次。不要替计划中的问题提问。追问用中文写，用“你”称呼角色，一两句话即可。`,
        '只回复 JSON：{"action":"follow-up"或"done","question":"……","reason":"dodge"、"contradiction"或"depth"}（选 "done" 时 question 为空字符串）。',
      ].join('\n'),
  },
};

/**
 * The constrained-JSON request asking a model for the next follow-up of an interview: the short
 * profile, the item's planned questions, the conversation so far, and the task, all in the
 * interview's language (Chinese for a Chinese set, else English).
 */
export function buildInterviewerRequest(input: InterviewerInput, options: { sampling?: SamplingOptions } = {}): CompletionRequest {
  const texts = TEXTS[input.language === 'zh' ? 'zh' : 'en'];
  const conversation = input.exchanges.map((e) => `${texts.interviewer}: ${e.question}\n${input.characterName}: ${e.answer}`).join('\n\n');
  const user = [
    `[${texts.profile}]\n${shortProfile(input.profile)}`,
    `[${texts.planned}]\n${input.item.turns.map((turn, i) => `${i + 1}. ${turn}`).join('\n')}`,
    `[${texts.conversation}]\n${conversation}`,
    texts.task(Math.max(1, input.followUpsLeft)),
  ].join('\n\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: texts.system },
        { role: 'user', content: user },
      ],
    },
    responseFormat: { type: 'json', schema: interviewerSchema() },
    maxTokens: 200,
    sampling: options.sampling,
    enableThinking: false,
  };
}

/**
 * Reads the interviewer's answer: `{"action":"done"}`, or `{"action":"follow-up"}` with a
 * question of 1–300 characters and a known reason. Anything else (no JSON, an unknown action or
 * reason, an empty or overlong question) is null, never guessed.
 */
export function parseInterviewerDecision(text: string): InterviewerDecision | null {
  const value = readJson(text);
  if (!isRecord(value)) return null;
  if (value.action === 'done') return { action: 'done' };
  if (value.action !== 'follow-up') return null;
  const question = typeof value.question === 'string' ? value.question.trim() : '';
  const reason = value.reason as FollowUpReason;
  if (question === '' || [...question].length > MAX_QUESTION_CHARS || !FOLLOW_UP_REASONS.includes(reason)) return null;
  return { action: 'follow-up', question, reason };
}

/**
 * An interviewer played by `engine`. An answer that cannot be read gives null (the scripted
 * follow-up stays); a cut-off call (aborted) gives null too, after the signal is checked.
 * @throws EngineError from the engine; the signal's reason when it is aborted.
 */
export function modelInterviewer(engine: LlmEngine, options: { sampling?: SamplingOptions } = {}): Interviewer {
  return async (input) => {
    const { text, finishReason } = await collectText(engine, buildInterviewerRequest(input, options), { signal: input.signal });
    input.signal?.throwIfAborted();
    return finishReason === 'abort' ? null : parseInterviewerDecision(text);
  };
}
