import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { isJudgeDimension, SCORE_MAX, SCORE_MIN } from './dimensions.ts';
import type { RatedChat } from './rated-chat.ts';
import { EVAL_ID_PATTERN } from './validate-interview-set.ts';

/**
 * Checks the rated chats a run is to judge (from the form or a saved run): ids usable as record
 * keys and unique, at least one exchange, at least one score, every score a whole number from 1
 * to 5 on a known dimension, and the memories for correctness (when any) a list of texts.
 * @throws ValidationError (`invalid`) naming the chat and the problem.
 */
export function checkRatedChats(chats: readonly RatedChat[]): RatedChat[] {
  if (!Array.isArray(chats)) throw new ValidationError('invalid', msg('eval.error.ratedChats'));
  const seen = new Set<string>();
  for (const chat of chats) {
    const title = typeof chat?.title === 'string' ? chat.title : '?';
    if (typeof chat?.chatId !== 'string' || !EVAL_ID_PATTERN.test(chat.chatId) || seen.has(chat.chatId)) {
      throw new ValidationError('invalid', msg('eval.error.ratedChatId', { title }));
    }
    seen.add(chat.chatId);
    if (!Array.isArray(chat.exchanges) || chat.exchanges.length === 0) {
      throw new ValidationError('invalid', msg('eval.error.ratedChatEmpty', { title }));
    }
    const scores = Object.entries(chat.rating?.scores ?? {});
    const fine =
      scores.length > 0 && scores.every(([d, s]) => isJudgeDimension(d) && Number.isInteger(s) && (s as number) >= SCORE_MIN && (s as number) <= SCORE_MAX);
    if (!fine) throw new ValidationError('invalid', msg('eval.error.ratedChatScores', { title }));
    const memories: unknown = chat.memories;
    if (memories !== undefined && !(Array.isArray(memories) && memories.every((m) => typeof m === 'string'))) {
      throw new ValidationError('invalid', msg('eval.error.ratedChatMemories', { title }));
    }
  }
  return structuredClone([...chats]);
}
