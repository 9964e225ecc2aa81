import type { Memory } from '../memory.ts';
import type { PersonaLanguage } from '../persona.ts';
import { normalizeSummaryText } from './edit-summary.ts';
import { activeSummaries } from './summary-coverage.ts';

const HEADERS: Record<PersonaLanguage, string> = {
  en: 'Earlier in this conversation (summaries, oldest first):',
  zh: '此前的对话（摘要，按时间顺序）：',
};

/**
 * Renders the active summaries (see `activeSummaries`) for the prompt: a header line, then
 * each summary's text, separated by blank lines, oldest first. Pure and stable: the same
 * memories give byte-identical text (needed for KV-cache reuse). Empty string when none.
 */
export function formatSummariesForPrompt(summaries: readonly Memory[], language: PersonaLanguage): string {
  const active = activeSummaries(summaries);
  if (active.length === 0) return '';
  return [HEADERS[language], ...active.map((s) => normalizeSummaryText(s.text))].join('\n\n');
}
