import { AppError } from '../core/errors/index.ts';

/**
 * The text shown to the user for a failure. Typed errors carry their own message;
 * anything else is logged for debugging and described generically.
 */
export function errorText(error: unknown): string {
  if (error instanceof AppError) return error.message;
  console.error(error);
  const detail = error instanceof Error ? error.message : String(error);
  return `Something unexpected went wrong (${detail.slice(0, 160)}). Your data is saved; reload the page and try again.`;
}
