import { AppError } from './app-error.ts';

/** Why user input or an imported file was rejected. */
export type ValidationErrorCode =
  | 'empty'
  | 'too-large'
  | 'binary'
  | 'not-png'
  | 'truncated'
  | 'no-card'
  | 'bad-base64'
  | 'bad-json'
  | 'wrong-type'
  | 'unsupported'
  | 'invalid'
  // A CHARX (zip) card: a zip bomb, a path leaving the card, a name twice, a password.
  | 'zip-bomb'
  | 'unsafe-path'
  | 'duplicate-entry'
  | 'encrypted';

/** Input was rejected before anything was stored; the message names the problem. */
export class ValidationError extends AppError<ValidationErrorCode> {
  override readonly name = 'ValidationError';
}
