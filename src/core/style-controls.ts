/**
 * Interpretable style controls: each is a small fixed scale the user can see and set.
 * Values are integers from 0 to `levels.length - 1`.
 */
export type StyleControlId =
  'replyLength' | 'formality' | 'emotionalIntensity' | 'humour' | 'initiative' | 'warmth' | 'emoji' | 'catchphraseFrequency' | 'narration';

/** Current value of every style control. */
export type StyleSettings = Record<StyleControlId, number>;

/** The neutral middle setting used for new personas. */
export const DEFAULT_STYLE: StyleSettings = {
  replyLength: 1,
  formality: 1,
  emotionalIntensity: 1,
  humour: 1,
  initiative: 1,
  warmth: 1,
  emoji: 0,
  catchphraseFrequency: 1,
  narration: 1,
};
