import type { Speakers } from './prompt-layout.ts';

/** Section headings, per language. */
export function headings(s: Speakers): { story: string; notes: string; conversation: string } {
  return s.language === 'zh'
    ? { story: '[前情提要]', notes: `[给${s.name}的参考，不要说出来]`, conversation: '[对话]' }
    : { story: '[Story so far]', notes: `[Notes for ${s.name}, not said aloud]`, conversation: '[Conversation]' };
}

/**
 * The scene summaries as one section ending in a blank line, or '' when there are none.
 * Summaries are separated by blank lines, in order.
 */
export function renderStorySection(summaries: readonly string[], s: Speakers): string {
  const items = summaries.map((x) => x.trim()).filter((x) => x !== '');
  if (items.length === 0) return '';
  return `${headings(s).story}\n${items.join('\n\n')}\n\n`;
}

/** This turn's retrieved context as a bullet list ending in a blank line, or '' when empty. */
export function renderNotesSection(retrieved: readonly string[], s: Speakers): string {
  const items = retrieved.map((x) => x.trim().replace(/\s*\n\s*/g, ' ')).filter((x) => x !== '');
  if (items.length === 0) return '';
  return `${headings(s).notes}\n${items.map((x) => `- ${x}`).join('\n')}\n\n`;
}

