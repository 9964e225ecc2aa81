/** Options of an {@link AppError}: the cause, and the message in Simplified Chinese. */
export interface AppErrorOptions {
  cause?: unknown;
  /** The same user message in Simplified Chinese (shown when the interface is in Chinese). */
  zh?: string;
}

/**
 * Base of every error the app raises on purpose. Subclasses set `name` explicitly: class
 * names do not survive minification. `code` is stable and machine-readable
 * (it survives a worker boundary); `message` is written for the user (in English) and says
 * what to do; `zh` is the same message in Chinese when one was written.
 */
export class AppError<C extends string = string> extends Error {
  readonly code: C;
  readonly zh?: string;

  constructor(code: C, message: string, options?: AppErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = 'AppError';
    if (options?.zh !== undefined) this.zh = options.zh;
  }

  /** Plain object that can cross `postMessage` (rebuild it with the subclass's constructor). */
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, ...(this.zh === undefined ? {} : { zh: this.zh }) };
  }
}

/** The shape an {@link AppError} takes when posted between threads. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  zh?: string;
}

/** True when `value` looks like a {@link SerializedError}. */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.code === 'string' && typeof v.message === 'string';
}
