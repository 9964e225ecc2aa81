import { ValidationError } from '../errors/index.ts';
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
    throw new ValidationError('wrong-type', 'Only a summary can be edited here.', { zh: '这里只能编辑摘要。' });
  }
  const clean = normalizeSummaryText(text);
  if (!clean) {
    throw new ValidationError('empty', 'A summary cannot be empty. Write what happened in these turns, or cancel the edit.', {
      zh: '摘要不能为空。请写下这几轮对话中发生的事，或取消编辑。',
    });
  }
  if (clean.length > MAX_SUMMARY_CHARS) {
    throw new ValidationError('too-large', `This summary is ${clean.length} characters long; the limit is ${MAX_SUMMARY_CHARS}. Shorten it and save again.`, {
      zh: `这段摘要有 ${clean.length} 个字符，上限为 ${MAX_SUMMARY_CHARS}。请缩短后再保存。`,
    });
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
