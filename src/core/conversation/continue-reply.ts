import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { Message } from '../message.ts';
import type { Persona } from '../persona/index.ts';
import { streamReply, type GenerateReplyOptions, type ReplyOutcome } from './generate-reply.ts';
import { replaceActiveVariant } from './variants.ts';

/**
 * Lets the model carry on the reply that ends `history` (typically `interrupted` by Stop or
 * the token limit; a `complete` one may be continued too): the prompt ends inside that line
 * and the new text is appended to the message (and to its active variant) as it streams,
 * stopping at the closing quote. Saving and final status work as in `generateReply`. When
 * nothing new arrives (failure, Stop, or the model closed the line at once) the message is
 * stored back exactly as it was and `unchanged` is set (with the error, if any).
 * @throws ValidationError when `history` does not end with a reply of the character that has text.
 * @throws StorageError when the message cannot be saved.
 */
export async function continueReply(chat: Chat, persona: Persona, history: Message[], options: GenerateReplyOptions): Promise<ReplyOutcome> {
  const target = history.at(-1);
  if (!target || target.role !== 'assistant') {
    throw new ValidationError('invalid', msg('conversation.error.continueOwnLine'));
  }
  if (target.chatId !== chat.id) {
    throw new ValidationError('invalid', msg('conversation.error.continueOtherChat'));
  }
  if (target.text.trim() === '' || target.status === 'streaming') {
    throw new ValidationError('invalid', msg('conversation.error.continueEmpty'));
  }
  const { engine, strategy, now } = options;
  const message = replaceActiveVariant(target, { status: 'streaming', interruptReason: undefined, error: undefined }, now());
  return streamReply(history, { message, baseText: target.text, restore: target, prepare: () => strategy.prepareContinue(persona, history, engine) }, options);
}
