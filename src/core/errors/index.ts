export { AppError, isSerializedError, type AppErrorOptions, type SerializedError } from './app-error.ts';
export { EngineError, type EngineErrorCode } from './engine-error.ts';
export { StorageError, type StorageErrorCode } from './storage-error.ts';
export { ValidationError, type ValidationErrorCode } from './validation-error.ts';
