import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import type { Message } from '../message.ts';
import type { Persona } from './persona.ts';
import { isRecord, jsonAnswer } from '../llm-output.ts';
import { oneLine } from './localized.ts';
import { formatTurn } from '../prompt/reply-form.ts';
import { namesOf, personaText } from './names.ts';
import {
  CLOSENESS_MAX,
  CLOSENESS_MIN,
  closenessLabel,
  cleanMood,
  MAX_CLOSENESS_STEP,
  MOOD_MAX_LENGTH,
  type PersonaState,
  REASON_MAX_LENGTH,
  type StateProposal,
} from './persona-state.ts';

/** JSON schema of a state update: a mood, a closeness step and a reason. */
export function stateUpdateSchema(): Record<string, unknown> {
  const steps: number[] = [];
  for (let s = -MAX_CLOSENESS_STEP; s <= MAX_CLOSENESS_STEP; s++) steps.push(s);
  return {
    type: 'object',
    properties: {
      mood: { type: 'string', maxLength: MOOD_MAX_LENGTH },
      closenessChange: { type: 'integer', enum: steps },
      reason: { type: 'string', maxLength: REASON_MAX_LENGTH },
    },
    required: ['mood', 'closenessChange', 'reason'],
    additionalProperties: false,
  };
}

function scale(language: Persona['language']): string {
  const items: string[] = [];
  for (let c = CLOSENESS_MIN; c <= CLOSENESS_MAX; c++) items.push(`${c} = ${closenessLabel(c, language)}`);
  return items.join(', ');
}

/**
 * A constrained-JSON request asking how the character feels after the recent turns: a new
 * mood (a word or short phrase, in the persona's language), a closeness step of -1, 0 or +1
 * toward the user, and a short reason.
 */
export function buildStateUpdateRequest(persona: Persona, state: PersonaState, recentTurns: readonly Pick<Message, 'role' | 'text'>[]): CompletionRequest {
  const names = namesOf(persona);
  const transcript = recentTurns
    .map((m) => formatTurn(m.role === 'user' ? names.user : names.char, personaText(m.text, names), 'line', persona.language))
    .join('\n');
  const language = persona.language === 'zh' ? 'Simplified Chinese' : 'English';
  const user = [
    `Character: ${names.char}`,
    `Personality: ${personaText(persona.behaviours.personality, names) || '-'}`,
    `Mood before: ${state.mood}`,
    `Closeness to ${names.user} before: ${state.closeness} (${closenessLabel(state.closeness, persona.language)}); scale ${scale(persona.language)}`,
    `Recent conversation:\n${transcript}`,
    `How does ${names.char} feel now? Give "mood" (one or two words of ${language}), "closenessChange" (+1 if the conversation brought ${names.char} closer to ${names.user}, -1 if it pushed them apart, otherwise 0) and "reason" (one short sentence).`,
  ].join('\n\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: 'You track how a role-play character feels during a conversation. Answer with JSON only.' },
        { role: 'user', content: user },
      ],
    },
    responseFormat: { type: 'json', schema: stateUpdateSchema() },
    maxTokens: 120,
    sampling: { temperature: 0.3 },
    enableThinking: false,
  };
}

function numberOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*[+-]?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

function noUsableState(): ValidationError {
  return new ValidationError('invalid', msg('persona.error.noStateValues'));
}

/**
 * Reads a state update defensively (fenced JSON, prose around it). The closeness step is
 * taken from `closenessChange` (or an absolute `closeness`, compared with the current
 * state) and bounded to ±MAX_CLOSENESS_STEP; the mood is cleaned and shortened.
 * @throws ValidationError `bad-json` when no JSON can be read, `invalid` when it has neither a mood nor a step.
 */
export function parseStateUpdate(text: string, current: PersonaState): StateProposal {
  const json = jsonAnswer(text);
  if (!isRecord(json)) throw noUsableState();
  const change = numberOf(json.closenessChange ?? json.closeness_change ?? json.delta);
  const absolute = numberOf(json.closeness);
  const raw = change ?? (absolute === null ? null : absolute - current.closeness);
  const mood = cleanMood(json.mood);
  if (raw === null && !mood) throw noUsableState();
  const step = raw === null ? 0 : Math.max(-MAX_CLOSENESS_STEP, Math.min(MAX_CLOSENESS_STEP, Math.round(raw) || 0));
  return { mood: mood || null, closenessDelta: step, reason: oneLine(json.reason, REASON_MAX_LENGTH) };
}
