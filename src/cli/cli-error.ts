/** Why the command line tool gave up before or around a run. */
export type CliErrorCode = 'usage' | 'io' | 'state';

/** A command line problem; the message says what to type or fix. */
export class CliError extends Error {
  readonly code: CliErrorCode;

  /** `message`: English, for the terminal (the tool has no interface language). */
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.name = 'CliError';
  }
}

/** Exit status for a failure: 2 for bad arguments, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError && error.code === 'usage' ? 2 : 1;
}
