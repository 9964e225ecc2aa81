import { EngineError, StorageError } from '../core/errors/index.ts';

/** The error shown when a chat action needs a model and none is ready. */
export function notLoaded(): EngineError {
  return new EngineError('not-loaded', 'No model is ready. Open Engine settings to load a model or connect your own server, then send again.');
}

/** The error shown when another tab holds this chat's lock. */
export function busyInOtherTab(): StorageError {
  return new StorageError('conflict', 'This chat is generating a reply in another tab. Wait for it to finish there (or press Stop in that tab), then send again.');
}
