import { AppError } from '../core/errors/index.ts';

/** Why the command line tool gave up before or around a run. */
export type CliErrorCode = 'usage' | 'io' | 'state';

/** A command line problem; the message says what to type or fix. */
export class CliError extends AppError<CliErrorCode> {}

/** Exit status for a failure: 2 for bad arguments, 1 for everything else. */
export function exitCodeOf(error: unknown): number {
  return error instanceof CliError && error.code === 'usage' ? 2 : 1;
}
