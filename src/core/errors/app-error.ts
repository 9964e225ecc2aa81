import { english, isMessage, type Message } from '../i18n/message.ts';

/** Options of an {@link AppError}: the cause. */
export interface AppErrorOptions {
  cause?: unknown;
}

/**
 * Base of every error the app raises on purpose. Subclasses set `name` explicitly: class
 * names do not survive minification. `code` is stable and machine-readable (it survives a
 * worker boundary); `text` is what the user is told, as a catalogue message that the interface
 * shows in its language at display time and that says what to do; `message` is its English
 * sentence, for logs and tests.
 */
export class AppError<C extends string = string> extends Error {
  readonly code: C;
  readonly text: Message;

  constructor(code: C, text: Message, options?: AppErrorOptions) {
    super(english(text), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = 'AppError';
    this.text = text;
  }

  /** Plain object that can cross `postMessage` (rebuild it with the subclass's constructor and {@link SerializedError.text}). */
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, text: this.text };
  }
}

/** The shape an {@link AppError} takes when posted between threads. */
export interface SerializedError {
  name: string;
  code: string;
  message: string;
  /** Absent only in errors posted by an older build. */
  text?: Message;
}

/** True when `value` looks like a {@link SerializedError} (its `text`, when present, a message the catalogue knows). */
export function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && typeof v.code === 'string' && typeof v.message === 'string' && (v.text === undefined || isMessage(v.text));
}
