/**
 * This turn's notes: what retrieval chose (lore, memories, source passages, example turns),
 * written as one-line notes for the newest user message, and the same choice as the entries of
 * the reply's "Why this reply" panel — including what was cut to fit or left out.
 */
import type { RetrievedItem, TurnRetrieval } from '../memory/retrieval-types.ts';
import type { PromptSource } from '../message.ts';
import type { Persona, ReplyForm } from '../persona/index.ts';
import { formatTurn } from './reply-form.ts';

const LABELS = {
  en: { memory: 'Remembered', source: 'From the source', lore: 'World', exemplar: 'How {name} talks' },
  zh: { memory: '记得', source: '原著', lore: '设定', exemplar: '{name}的说话方式' },
} as const;

/**
 * Renders what retrieval chose as one-line notes: lore first, then memories, source passages,
 * and example turns written once in the chat's reply form (`Name: "…"`, never quoted twice).
 * Deterministic for equal input.
 */
export function notesFromRetrieval(retrieval: TurnRetrieval, persona: Pick<Persona, 'name' | 'language'>, form: ReplyForm): string[] {
  const labels = LABELS[persona.language];
  const colon = persona.language === 'zh' ? '：' : ': ';
  const line = (label: string, item: RetrievedItem) => `${label}${colon}${item.text.replace(/\s+/g, ' ').trim()}`;
  const exemplarLabel = labels.exemplar.replace('{name}', persona.name);
  return [
    ...retrieval.lore.map((i) => line(labels.lore, i)),
    ...retrieval.memories.map((i) => line(labels.memory, i)),
    ...retrieval.sourceChunks.map((i) => line(labels.source, i)),
    ...retrieval.exemplars.map((i) => `${exemplarLabel}${colon}${formatTurn(persona.name, i.text.replace(/\s*\n\s*/g, ' '), form, persona.language)}`),
  ];
}

/**
 * The "why" entries of a reply: every retrieved item with its slot, score and reason, lore
 * entries cut to fit marked `trimmed`, and lore entries that fired but found no room `leftOut`.
 */
export function whyFromRetrieval(retrieval: TurnRetrieval): PromptSource[] {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const chosen = [...retrieval.lore, ...retrieval.memories, ...retrieval.sourceChunks, ...retrieval.exemplars].map((i): PromptSource => ({
    slot: i.slot,
    kind: i.kind,
    text: i.text,
    score: round(i.score),
    reason: i.reason,
    ...(i.trimmed ? { trimmed: true } : {}),
  }));
  const leftOut = retrieval.skipped
    .filter((s) => s.slot === 'lore' && s.why === 'over-budget')
    .map((s): PromptSource => ({ slot: 'lore', kind: 'lore-entry', text: s.text, score: 0, reason: '', leftOut: 'over-budget' }));
  return [...chosen, ...leftOut];
}
