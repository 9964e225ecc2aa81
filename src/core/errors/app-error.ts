/**
 * Base of every error the app raises on purpose. Subclasses set `name` explicitly: class
 * names do not survive minification. `code` is stable and machine-readable
 * (it survives a worker boundary); `message` is written for the user and says what to do.
 */
export class AppError<C extends string = string> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = 'AppError';
  }

  /** Plain object that can cross `postMessage` and be rebuilt with {@link reviveError}. */
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** The shape an {@link AppError} takes when posted between threads. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
}

/** True when `value` looks like a {@link SerializedError}. */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}
