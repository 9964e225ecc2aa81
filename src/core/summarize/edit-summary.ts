import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { Memory } from '../memory/memory.ts';

/** Longest summary text a user edit may leave (characters). */
export const MAX_SUMMARY_CHARS = 4000;

/**
 * Applies a user's edit to a summary: new text (line endings normalized, trailing spaces and
 * blank edges trimmed), same range and level, `updatedAt` set, stale embedding dropped.
 * @throws ValidationError `wrong-type` if the memory is not a summary, `empty` for blank text,
 *   `too-large` above {@link MAX_SUMMARY_CHARS}.
 */
export function editSummary(memory: Memory, text: string, now: number): Memory {
  if (memory.kind !== 'summary') {
    throw new ValidationError('wrong-type', msg('summary.error.notSummary'));
  }
  const clean = normalizeSummaryText(text);
  if (!clean) {
    throw new ValidationError('empty', msg('summary.error.empty'));
  }
  if (clean.length > MAX_SUMMARY_CHARS) {
    throw new ValidationError('too-large', msg('summary.error.tooLong', { length: clean.length, max: MAX_SUMMARY_CHARS }));
  }
  const { embedding: _stale, ...rest } = memory;
  return { ...rest, text: clean, updatedAt: now };
}

/** Unix line endings, no trailing spaces on lines, no blank lines at the edges. */
export function normalizeSummaryText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}
