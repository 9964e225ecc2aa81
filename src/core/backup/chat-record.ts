import type { Chat } from '../chat.ts';
import type { Message } from '../message.ts';
import { TURN_ORDERS } from '../group-chat.ts';
import { SCORE_MAX, SCORE_MIN } from '../eval/dimensions.ts';
import { msg } from '../i18n/message.ts';
import { array, bool, damaged, finite, id, integer, jsonObject, object, oneOf, optional, said, text, type Check } from './json-check.ts';
import { styleLevels } from './persona-record.ts';

const optText = optional(text);
const optNumber = optional(finite);

const usage = object(
  {
    promptTokens: optNumber,
    completionTokens: finite,
    prefillTokens: optNumber,
    prefillTokensPerSecond: optNumber,
    decodeTokensPerSecond: optNumber,
    timeToFirstTokenSeconds: optNumber,
  },
  { keepUnknown: true },
);

const status = oneOf('complete', 'streaming', 'interrupted', 'error');

const rating = optional(oneOf('up', 'down'));

const variant = object(
  { text, raw: optText, status, createdAt: finite, engine: optText, model: optText, usage: optional(usage), rating },
  { keepUnknown: true },
);

const messageShape = object(
  {
    id,
    chatId: id,
    seq: integer,
    role: oneOf('user', 'assistant'),
    text,
    raw: optText,
    status,
    interruptReason: optional(oneOf('user-stop', 'max-tokens', 'crash', 'engine-error')),
    error: optional(object({ code: text, message: text, text: optional(said), zh: optText })),
    createdAt: finite,
    updatedAt: finite,
    engine: optText,
    model: optText,
    usage: optional(usage),
    variants: optional(array(variant)),
    activeVariant: optional(integer),
    speakerId: optional(id),
    cue: optText,
    rating,
  },
  { keepUnknown: true },
);

const moodAndCloseness = object({ mood: text, closeness: finite });

const personaState = object(
  {
    mood: text,
    closeness: finite,
    lastUpdateTurn: finite,
    initial: moodAndCloseness,
    history: array(object({ at: finite, turnSeq: finite, mood: text, closeness: finite, reason: text, source: oneOf('model', 'user') }, { keepUnknown: true })),
  },
  { keepUnknown: true },
);

/** The user's scores of a rated chat: 1–5 per dimension; a dimension this version does not know is kept as a score too. */
const ratingScores: Check<Record<string, number>> = (value, path) => {
  const raw = jsonObject(value, path);
  for (const [key, score] of Object.entries(raw)) {
    const n = integer(score, `${path}.${key}`);
    if (n < SCORE_MIN || n > SCORE_MAX) throw damaged(`${path}.${key}`, msg('backup.expected.ratingScore', { min: SCORE_MIN, max: SCORE_MAX }));
  }
  return raw as Record<string, number>;
};

const chatRating = object({ scores: ratingScores, comment: text, ratedAt: finite, userTurns: integer }, { keepUnknown: true });

const chatShape = object(
  {
    id,
    personaId: id,
    title: text,
    createdAt: finite,
    updatedAt: finite,
    branchedFrom: optional(object({ chatId: id, messageId: id })),
    personaState: optional(personaState),
    replyForm: optional(oneOf('line', 'scene')),
    authorsNote: optional(object({ text, depth: integer, every: integer })),
    style: optional(styleLevels),
    bookIds: optional(array(id)),
    userPersonaId: optText,
    members: optional(array(object({ personaId: id, muted: optional(bool) }))),
    turnOrder: optional(oneOf(...TURN_ORDERS)),
    rating: optional(chatRating),
    autoRead: optional(bool),
  },
  { keepUnknown: true },
);

/**
 * Checks a chat from a backup.
 * @throws ValidationError naming the first field of the wrong type.
 */
export function readChatRecord(value: unknown, path: string): Chat {
  return chatShape(value, path) as Chat;
}

/**
 * Checks a message from a backup.
 * @throws ValidationError naming the first field of the wrong type.
 */
export function readMessageRecord(value: unknown, path: string): Message {
  return messageShape(value, path) as Message;
}
