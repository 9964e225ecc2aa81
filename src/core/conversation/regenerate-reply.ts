import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import { isGroupChat } from '../group-chat.ts';
import { msg } from '../i18n/message.ts';
import type { Message } from '../message.ts';
import type { Persona } from '../persona/index.ts';
import { streamReply, type GenerateReplyOptions, type ReplyOutcome } from './generate-reply.ts';
import { addVariant } from './variants.ts';

/**
 * Checks that `target` is a reply the model can write again: an assistant message after the
 * user line that ends `history` — in a group chat (`inGroup`), also a character's turn that
 * followed another character's.
 * @throws ValidationError (`invalid`) for the greeting, a user message, or a history that
 * does not end with the user's line.
 */
export function assertRegenerable(history: readonly Message[], target: Message, inGroup = false): void {
  if (target.role !== 'assistant') {
    throw new ValidationError('invalid', msg('conversation.error.regenerateOwnLine'));
  }
  if (history.length === 0 || (!inGroup && !history.some((m) => m.role === 'user'))) {
    throw new ValidationError('invalid', msg('conversation.error.regenerateGreeting'));
  }
  const last = history.at(-1);
  if (!last || (last.role !== 'user' && !inGroup) || last.seq >= target.seq) {
    throw new ValidationError('invalid', msg('conversation.error.regenerateNotLast'));
  }
}

/**
 * Writes another reply to the user line that ends `history` and streams it into a NEW variant
 * of `target` (same id and seq; `history` does not contain `target`). Saving and final status
 * work as in `generateReply`; the earlier variants are kept. When nothing arrives (the engine
 * failed or was stopped before any text, or the reply was empty) the new variant is dropped,
 * `target` is stored back exactly as it was and `unchanged` is set (with the error, if any).
 * @throws ValidationError when `target` cannot be regenerated (see {@link assertRegenerable}).
 * @throws StorageError when the message cannot be saved.
 */
export async function regenerateReply(chat: Chat, persona: Persona, history: Message[], target: Message, options: GenerateReplyOptions): Promise<ReplyOutcome> {
  assertRegenerable(history, target, isGroupChat(chat));
  if (target.chatId !== chat.id) {
    throw new ValidationError('invalid', msg('conversation.error.regenerateOtherChat'));
  }
  const { engine, strategy, now } = options;
  const at = now();
  const message = addVariant(target, { text: '', raw: '', status: 'streaming', createdAt: at, engine: engine.id, model: engine.modelId ?? undefined }, at);
  return streamReply(history, { message, baseText: '', restore: target, prepare: () => strategy.prepare(persona, history, engine) }, options);
}
