import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { Message, MessageStatus } from '../message.ts';

/** Longest text a user edit may leave in one message (characters). */
export const MAX_MESSAGE_CHARS = 8000;

/** Unix line endings and no blank edges; inner newlines and spacing are kept. */
export function normalizeMessageText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

function statusAfterEdit(message: Message): MessageStatus {
  return message.status === 'error' ? 'complete' : message.status;
}

/**
 * Applies the user's edit to a message: new text (CRLF normalized, edges trimmed), `raw`
 * dropped so the prompt uses the edited line, `editedAt` and `updatedAt` set. A failed reply
 * that now has text becomes `complete` (its error cleared); an interrupted one stays
 * interrupted so it can still be continued. For an assistant message with swipes the active
 * variant gets the same text. The input is not changed.
 * @throws ValidationError `invalid` while the reply is still streaming, `empty` for blank
 *   text, `too-large` above {@link MAX_MESSAGE_CHARS}.
 */
export function editMessageText(message: Message, text: string, now: number): Message {
  if (message.status === 'streaming') {
    throw new ValidationError('invalid', msg('history.error.stillWritingEdit'));
  }
  const clean = normalizeMessageText(text);
  if (!clean) {
    throw new ValidationError('empty', msg('history.error.emptyMessage'));
  }
  if (clean.length > MAX_MESSAGE_CHARS) {
    throw new ValidationError('too-large', msg('history.error.messageTooLong', { length: clean.length, max: MAX_MESSAGE_CHARS }));
  }
  const status = statusAfterEdit(message);
  const { raw: _raw, error, interruptReason, ...rest } = message;
  const edited: Message = { ...rest, text: clean, status, editedAt: now, updatedAt: now };
  const recovered = message.status === 'error';
  if (error && !recovered) edited.error = error;
  if (interruptReason && !recovered) edited.interruptReason = interruptReason;
  const variants = editedVariants(message, clean, status);
  if (variants) edited.variants = variants;
  return edited;
}

function editedVariants(message: Message, text: string, status: MessageStatus): Message['variants'] {
  const index = message.activeVariant ?? 0;
  const active = message.variants?.[index];
  if (!message.variants || !active) return message.variants;
  const { raw: _raw, error, interruptReason, ...rest } = active;
  const recovered = active.status === 'error';
  const kept = recovered ? {} : { ...(error ? { error } : {}), ...(interruptReason ? { interruptReason } : {}) };
  return message.variants.map((v, i) => (i === index ? { ...rest, ...kept, text, status } : v));
}
