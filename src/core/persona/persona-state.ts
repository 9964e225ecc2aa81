import { msg, type Message } from '../i18n/message.ts';
import type { Persona, PersonaLanguage } from './persona.ts';
import { type Localized, oneLine, pick } from './localized.ts';
import { namesOf } from './names.ts';

/** Lowest closeness of the character to the user (hostile). */
export const CLOSENESS_MIN = -2;
/** Highest closeness of the character to the user (close). */
export const CLOSENESS_MAX = 3;
/** The most closeness may move in one model update. */
export const MAX_CLOSENESS_STEP = 1;
/** Longest mood text kept, in characters. */
export const MOOD_MAX_LENGTH = 40;
/** Longest reason kept, in characters. */
export const REASON_MAX_LENGTH = 200;
/** Default number of turns (character replies) between two state updates. */
export const STATE_UPDATE_EVERY = 4;

/** Labels of the closeness scale written into prompts (in the persona's language), from CLOSENESS_MIN to CLOSENESS_MAX. */
const CLOSENESS_LABELS: readonly Localized[] = [
  { en: 'hostile', zh: '敌对' },
  { en: 'wary', zh: '戒备' },
  { en: 'strangers', zh: '陌生' },
  { en: 'acquainted', zh: '相识' },
  { en: 'friendly', zh: '友好' },
  { en: 'close', zh: '亲密' },
];

/** The closeness scale as the interface shows it, from CLOSENESS_MIN to CLOSENESS_MAX. */
const CLOSENESS_MESSAGES: readonly Message[] = [
  msg('persona.closeness.hostile'),
  msg('persona.closeness.wary'),
  msg('persona.closeness.strangers'),
  msg('persona.closeness.acquainted'),
  msg('persona.closeness.friendly'),
  msg('persona.closeness.close'),
];

/** One recorded change of the character's state. */
export interface PersonaStateChange {
  /** When it happened (ms since epoch). */
  at: number;
  /** The turn (number of character replies so far) it was made at. */
  turnSeq: number;
  mood: string;
  closeness: number;
  reason: string;
  /** `model` for an automatic update, `user` for an edit. */
  source: 'model' | 'user';
}

/** The character's evolving state in one conversation. */
export interface PersonaState {
  mood: string;
  closeness: number;
  /** Turn of the last change (0 before any). */
  lastUpdateTurn: number;
  /** The state the conversation started from, to rewind to. */
  initial: { mood: string; closeness: number };
  /** Every change, oldest first. */
  history: PersonaStateChange[];
}

/** What one model update proposes, already bounded by the parser. */
export interface StateProposal {
  /** New mood, or null to keep the current one. */
  mood: string | null;
  /** Change of closeness, within ±MAX_CLOSENESS_STEP. */
  closenessDelta: number;
  reason: string;
}

/** When and at which turn a change is made. */
export interface ChangeStamp {
  at: number;
  turnSeq: number;
}

/** Clamps a closeness into the scale, rounding to an integer; non-numbers give `fallback`. */
export function clampCloseness(value: unknown, fallback = 0): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(CLOSENESS_MAX, Math.max(CLOSENESS_MIN, Math.round(value)));
}

/** A mood as kept in the state: one line, no surrounding quotes or final stop, ≤ MOOD_MAX_LENGTH. */
export function cleanMood(value: unknown): string {
  const text = oneLine(value, 200).replace(/^["'「『“]+|["'」』”.。!！]+$/gu, '');
  return oneLine(text, MOOD_MAX_LENGTH);
}

/** A fresh state: a calm mood and the given (or neutral) closeness, no history. */
export function initialPersonaState(language: PersonaLanguage, init: { mood?: string; closeness?: number } = {}): PersonaState {
  const mood = cleanMood(init.mood) || (language === 'zh' ? '平静' : 'calm');
  const closeness = clampCloseness(init.closeness);
  return { mood, closeness, lastUpdateTurn: 0, initial: { mood, closeness }, history: [] };
}

/**
 * True when it is time to ask the model for a state update: at least `every` turns since the
 * last one. A last update later than `turnCount` (the chat was rewound) counts from zero.
 */
export function shouldUpdateState(turnCount: number, lastUpdateTurn: number, every = STATE_UPDATE_EVERY): boolean {
  const since = turnCount >= lastUpdateTurn ? turnCount - lastUpdateTurn : turnCount;
  return every > 0 && since >= every;
}

function withChange(state: PersonaState, change: PersonaStateChange): PersonaState {
  return { ...state, mood: change.mood, closeness: change.closeness, lastUpdateTurn: change.turnSeq, history: [...state.history, change] };
}

/**
 * Applies a model update: closeness moves by at most MAX_CLOSENESS_STEP and stays in the
 * scale, an empty mood keeps the current one; the change is appended to the history.
 */
export function applyStateUpdate(state: PersonaState, proposal: StateProposal, stamp: ChangeStamp): PersonaState {
  const step = Math.max(-MAX_CLOSENESS_STEP, Math.min(MAX_CLOSENESS_STEP, Math.round(proposal.closenessDelta) || 0));
  return withChange(state, {
    ...stamp,
    mood: cleanMood(proposal.mood) || state.mood,
    closeness: clampCloseness(state.closeness + step, state.closeness),
    reason: oneLine(proposal.reason, REASON_MAX_LENGTH),
    source: 'model',
  });
}

/** Applies the user's own edit (any value inside the scale) and records it in the history. */
export function editPersonaState(state: PersonaState, edit: { mood?: string; closeness?: number }, stamp: ChangeStamp, reason = ''): PersonaState {
  return withChange(state, {
    ...stamp,
    mood: cleanMood(edit.mood) || state.mood,
    closeness: clampCloseness(edit.closeness, state.closeness),
    reason: oneLine(reason, REASON_MAX_LENGTH),
    source: 'user',
  });
}

/** The state as it was at `turnSeq` (for deleted messages or a branch): later changes dropped. */
export function stateAtTurn(state: PersonaState, turnSeq: number): PersonaState {
  const history = state.history.filter((c) => c.turnSeq <= turnSeq);
  const last = history.at(-1);
  return {
    ...state,
    mood: last?.mood ?? state.initial.mood,
    closeness: last?.closeness ?? state.initial.closeness,
    lastUpdateTurn: last?.turnSeq ?? 0,
    history,
  };
}

/** The label of a closeness value as the interface shows it (clamped into the scale). */
export function closenessMessage(closeness: number): Message {
  return CLOSENESS_MESSAGES[clampCloseness(closeness) - CLOSENESS_MIN] ?? msg('persona.closeness.strangers');
}

/** The label of a closeness value in `language`, for prompts (in the persona's language). */
export function closenessLabel(closeness: number, language: PersonaLanguage): string {
  const label = CLOSENESS_LABELS[clampCloseness(closeness) - CLOSENESS_MIN];
  return label ? pick(label, language) : '';
}

/** One prompt line with the current mood and closeness, in the persona's language. */
export function renderPersonaState(state: PersonaState, persona: Pick<Persona, 'name' | 'user' | 'language'>): string {
  const { user } = namesOf(persona);
  const mood = cleanMood(state.mood);
  const closeness = closenessLabel(state.closeness, persona.language);
  return persona.language === 'zh'
    ? `你现在的心情：${mood}。你和${user}现在的关系：${closeness}。`
    : `Your mood right now: ${mood}. Your relationship with ${user} right now: ${closeness}.`;
}
