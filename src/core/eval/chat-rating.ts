import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { Message } from '../message.ts';
import { isJudgeDimension, SCORE_MAX, SCORE_MIN, type JudgeDimension } from './dimensions.ts';

/** The user's own rating of one of their chats, stored on the chat (`Chat.rating`). */
export interface ChatRating {
  /** 1–5 per dimension the user rated (a dimension left out was not rated). */
  scores: Partial<Record<JudgeDimension, number>>;
  /** The user's comment ('' when none). */
  comment: string;
  ratedAt: number;
  /** How many user turns the chat had when it was rated. */
  userTurns: number;
}

/** What the user filled in, before it is checked. */
export interface ChatRatingInput {
  scores: Partial<Record<string, number | null | undefined>>;
  comment: string;
}

/** A chat can be rated once it has this many user turns (a long conversation, as in CharacterGLM). */
export const MIN_RATING_TURNS = 20;
/** The longest comment kept, in characters. */
export const MAX_RATING_COMMENT = 2000;

/** The user turns of a chat: its user messages. */
export function countUserTurns(messages: readonly Pick<Message, 'role'>[]): number {
  return messages.filter((m) => m.role === 'user').length;
}

/**
 * Checks what the user filled in and returns the rating to store.
 * @throws ValidationError (`invalid`) naming the reason, nothing stored: fewer than
 * {@link MIN_RATING_TURNS} user turns, an unknown dimension, a score that is not a whole number
 * from 1 to 5, no dimension rated, or a comment over {@link MAX_RATING_COMMENT} characters.
 */
export function checkChatRating(input: ChatRatingInput, userTurns: number, now: number): ChatRating {
  if (userTurns < MIN_RATING_TURNS) {
    throw new ValidationError('invalid', msg('rating.error.tooEarly', { min: MIN_RATING_TURNS, turns: userTurns }));
  }
  const scores: Partial<Record<JudgeDimension, number>> = {};
  for (const [dimension, score] of Object.entries(input.scores)) {
    if (!isJudgeDimension(dimension)) throw new ValidationError('invalid', msg('rating.error.dimension', { dimension }));
    if (score === null || score === undefined) continue;
    if (!Number.isInteger(score) || score < SCORE_MIN || score > SCORE_MAX) {
      throw new ValidationError('invalid', msg('rating.error.score', { dimension, min: SCORE_MIN, max: SCORE_MAX }));
    }
    scores[dimension] = score;
  }
  if (Object.keys(scores).length === 0) throw new ValidationError('invalid', msg('rating.error.noScore'));
  const comment = input.comment.trim();
  if ([...comment].length > MAX_RATING_COMMENT) {
    throw new ValidationError('invalid', msg('rating.error.comment', { max: MAX_RATING_COMMENT }));
  }
  return { scores, comment, ratedAt: now, userTurns };
}
