import { EngineError, StorageError, ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';

/** The error shown when a chat action needs a model and none is ready. */
export function notLoaded(): EngineError {
  return new EngineError('not-loaded', msg('chat.error.notLoaded'));
}

/** The error shown when a chat action needs a model while the saved server is not answering. */
export function serverNotAnswering(host: string): EngineError {
  return new EngineError('connection-refused', msg('chat.error.serverNotAnswering', { host }));
}

/** The error shown when another tab holds this chat's lock. */
export function busyInOtherTab(): StorageError {
  return new StorageError('conflict', msg('chat.error.busyInOtherTab'));
}

/** The error shown when "respond" finds the last message already answered. */
export function alreadyAnswered(): ValidationError {
  return new ValidationError('invalid', msg('chat.error.alreadyAnswered'));
}

/** The error shown when a reply other than the newest is regenerated. */
export function notNewestToRegenerate(): ValidationError {
  return new ValidationError('invalid', msg('chat.error.notNewestToRegenerate'));
}

/** The error shown when a reply other than the newest is continued. */
export function notNewestToContinue(): ValidationError {
  return new ValidationError('invalid', msg('chat.error.notNewestToContinue'));
}

/** The error shown when regenerate or continue targets a message that is not the character's. */
export function notAReply(): ValidationError {
  return new ValidationError('invalid', msg('chat.error.notAReply'));
}

/** The error shown when a history action targets a message that was deleted meanwhile. */
export function messageGone(): ValidationError {
  return new ValidationError('invalid', msg('chat.error.messageGone'));
}
