import { AppError } from './app-error.ts';

/** Why an inference engine could not load or generate. */
export type EngineErrorCode =
  | 'no-webgpu'
  | 'shader-f16-missing'
  | 'model-download-failed'
  | 'model-not-cached'
  | 'storage-quota'
  | 'device-lost'
  | 'out-of-memory'
  | 'context-overflow'
  | 'connection-refused'
  | 'cors'
  | 'unauthorized'
  | 'model-not-found'
  /** The engine was asked for a model id its model list does not have (a configuration problem, not missing files). */
  | 'model-not-in-list'
  | 'http-error'
  | 'malformed-stream'
  | 'timeout'
  | 'not-loaded'
  | 'load-cancelled'
  | 'invalid-config'
  | 'engine-failed'
  /** The model's reply had nothing to show (it wrote nothing, or only another speaker's line). */
  | 'empty-reply';

/** An inference engine failed; the message tells the user what to do next. */
export class EngineError extends AppError<EngineErrorCode> {
  override readonly name = 'EngineError';
}
