import type { RetrievedItem, TurnRetrieval } from '../memory/retrieval-types.ts';
import type { PromptSource } from '../message.ts';
import type { Persona } from '../persona.ts';
import { formatLine } from '../generate/quote-style.ts';

/** Share of the context window each retrieval slot may fill (together the notes' 15 % share). */
export const NOTE_SHARES = { memories: 0.05, sourceChunks: 0.03, lore: 0.04, exemplars: 0.03 } as const;

/** Token budgets of the retrieval slots, given the context window size. */
export function noteBudgets(contextWindow: number): { memories: number; sourceChunks: number; lore: number; exemplars: number } {
  return {
    memories: Math.floor(contextWindow * NOTE_SHARES.memories),
    sourceChunks: Math.floor(contextWindow * NOTE_SHARES.sourceChunks),
    lore: Math.floor(contextWindow * NOTE_SHARES.lore),
    exemplars: Math.floor(contextWindow * NOTE_SHARES.exemplars),
  };
}

const LABELS = {
  en: { memory: 'Remembered', source: 'From the source', lore: 'World', exemplar: 'How {name} talks' },
  zh: { memory: '记得', source: '原著', lore: '设定', exemplar: '{name}的说话方式' },
} as const;

/**
 * Renders what retrieval chose as one-line notes for the newest user turn: lore first, then
 * memories, source passages, and example lines in quote form. Deterministic for equal input.
 */
export function notesFromRetrieval(retrieval: TurnRetrieval, persona: Pick<Persona, 'name' | 'language'>): string[] {
  const labels = LABELS[persona.language];
  const line = (label: string, item: RetrievedItem) => `${label}: ${item.text.replace(/\s+/g, ' ').trim()}`;
  const exemplarLabel = labels.exemplar.replace('{name}', persona.name);
  return [
    ...retrieval.lore.map((i) => line(labels.lore, i)),
    ...retrieval.memories.map((i) => line(labels.memory, i)),
    ...retrieval.sourceChunks.map((i) => line(labels.source, i)),
    ...retrieval.exemplars.map((i) => `${exemplarLabel}: ${formatLine(persona.name, i.text.trim(), persona.language)}`),
  ];
}

/** The "why" entries of a reply: every retrieved item with its slot, score and reason. */
export function whyFromRetrieval(retrieval: TurnRetrieval): PromptSource[] {
  return [...retrieval.lore, ...retrieval.memories, ...retrieval.sourceChunks, ...retrieval.exemplars].map((i) => ({
    slot: i.slot,
    kind: i.kind,
    text: i.text,
    score: Math.round(i.score * 1000) / 1000,
    reason: i.reason,
  }));
}
