import type { Chat } from '../chat.ts';
import type { Message } from '../message.ts';
import { TURN_ORDERS } from '../group-chat.ts';
import { array, bool, finite, id, integer, object, oneOf, optional, said, text } from './json-check.ts';
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
