import { AppError } from './app-error.ts';

/**
 * Why a reply could not be read aloud: the browser has no speech synthesis (`unavailable`), no
 * voices at all (`no-voices`) or none of the persona's language (`no-voice-for-language`); the
 * reply has nothing to read with the persona's settings (`nothing-to-read`); the browser refused
 * to speak before the page was used (`blocked`) or failed while speaking (`failed`).
 */
export type SpeechErrorCode = 'unavailable' | 'no-voices' | 'no-voice-for-language' | 'nothing-to-read' | 'blocked' | 'failed';

/** Reading aloud failed or cannot start; the message says what to do. */
export class SpeechError extends AppError<SpeechErrorCode> {
  override readonly name = 'SpeechError';
}
