export { AppError, isSerializedError, type SerializedError } from './app-error.ts';
export { EngineError, type EngineErrorCode } from './engine-error.ts';
export { SpeechError } from './speech-error.ts';
export { StorageError } from './storage-error.ts';
export { ValidationError } from './validation-error.ts';
