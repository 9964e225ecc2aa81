/**
 * This turn's notes from retrieval (memories, source passages, example turns), written as one-line
 * notes for the newest user message; lore as it is written wherever it goes; and the entries of
 * the reply's "Why this reply" panel: what retrieval chose, which lore entries fired (from which
 * book, by which key, where they went), the author's note, the style corrections, and what was cut
 * to fit or left out.
 */
import { DEFAULT_LORE_DEPTH, type LoreActivation, type PlacedLore } from '../lore/activation.ts';
import type { RetrievedItem, TurnRetrieval } from '../memory/retrieval-types.ts';
import type { LoreOrigin, PromptSource } from '../message.ts';
import type { Persona, PersonaLanguage, ReplyForm, StyleCorrection } from '../persona/index.ts';
import { formatTurn } from './reply-form.ts';

const LABELS = {
  en: { memory: 'Remembered', source: 'From the source', lore: 'World', exemplar: 'How {name} talks' },
  zh: { memory: '记得', source: '原著', lore: '设定', exemplar: '{name}的说话方式' },
} as const;

const COLON = { en: ': ', zh: '：' } as const;

/** A lore entry as a note in the history or this turn's notes: `World: …` (`设定：…`). */
export function loreNote(text: string, language: PersonaLanguage): string {
  return `${LABELS[language].lore}${COLON[language]}${text.replace(/\s+/g, ' ').trim()}`;
}

/**
 * Renders what retrieval chose as one-line notes: memories, source passages, and example turns
 * written once in the chat's reply form (`Name: "…"`, never quoted twice). Deterministic for
 * equal input.
 */
export function notesFromRetrieval(retrieval: TurnRetrieval, persona: Pick<Persona, 'name' | 'language'>, form: ReplyForm): string[] {
  const labels = LABELS[persona.language];
  const colon = COLON[persona.language];
  const line = (label: string, item: RetrievedItem) => `${label}${colon}${item.text.replace(/\s+/g, ' ').trim()}`;
  const exemplarLabel = labels.exemplar.replace('{name}', persona.name);
  return [
    ...retrieval.memories.map((i) => line(labels.memory, i)),
    ...retrieval.sourceChunks.map((i) => line(labels.source, i)),
    ...retrieval.exemplars.map((i) => `${exemplarLabel}${colon}${formatTurn(persona.name, i.text.replace(/\s*\n\s*/g, ' '), form, persona.language)}`),
  ];
}

/** The "why" entries of a reply's retrieval: every item with its slot, score and reason (an example line: where it comes from). */
export function whyFromRetrieval(retrieval: TurnRetrieval): PromptSource[] {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return [...retrieval.memories, ...retrieval.sourceChunks, ...retrieval.exemplars].map((i): PromptSource => ({
    slot: i.slot,
    kind: i.kind,
    text: i.text,
    score: round(i.score),
    reason: i.reason,
    ...(i.origin ? { origin: i.origin } : {}),
    ...(i.trimmed ? { trimmed: true } : {}),
    ...(i.when ? { when: i.when } : {}),
  }));
}

/** Where an entry went, as the Why panel says it: an entry moved to keep the cache is named by the place it asked for, sent with the newest line. */
function originOf(
  f: Pick<PlacedLore, 'ref' | 'entry' | 'trigger'> & { position: PlacedLore['position']; depth?: number; moved?: PlacedLore['position'] },
  withNewest: boolean,
): LoreOrigin {
  const position = f.moved ?? f.position;
  const intoHistory = f.moved !== undefined || position === 'at-depth' || position === 'before-note' || position === 'after-note';
  return {
    ...(f.ref.book === undefined ? {} : { book: f.ref.book }),
    entry: f.ref.entry,
    trigger: f.trigger,
    position,
    ...(position === 'at-depth' && f.depth !== undefined ? { depth: f.depth } : {}),
    ...(withNewest && intoHistory ? { withNewest: true as const } : {}),
  };
}

/**
 * The "why" entries of a turn's lore: each placed entry (its book, what fired it, where it went,
 * cut to fit or not), then each entry that fired but was left out, and why. `withNewest`: entries
 * for the history went into this turn's notes (the engine keeps a cache).
 */
export function whyFromLore(activation: LoreActivation, withNewest: boolean): PromptSource[] {
  const placed = activation.placed.map((p): PromptSource => ({
    slot: 'lore',
    kind: 'lore-entry',
    text: p.text,
    score: p.entry.priority ?? 0,
    reason: '',
    lore: originOf(p, withNewest),
    ...(p.trimmed ? { trimmed: true } : {}),
  }));
  const leftOut = activation.leftOut.map((l): PromptSource => ({
    slot: 'lore',
    kind: 'lore-entry',
    text: l.text,
    score: l.entry.priority ?? 0,
    reason: '',
    lore: originOf({ ...l, position: l.entry.position ?? 'after-character', depth: l.entry.depth ?? DEFAULT_LORE_DEPTH }, withNewest),
    leftOut: l.why,
  }));
  return [...placed, ...leftOut];
}

/** The "why" entry of the author's note as it went in (macros replaced). */
export function whyOfAuthorsNote(note: { text: string; depth: number }, withNewest: boolean): PromptSource {
  return {
    slot: 'authors-note',
    kind: 'authors-note',
    text: note.text,
    score: 0,
    reason: '',
    note: { depth: note.depth, ...(withNewest ? { withNewest: true as const } : {}) },
  };
}

/** The "why" entries of this turn's style corrections: each note as sent, with its control, target and the level recent replies read at. */
export function whyFromStyle(corrections: readonly StyleCorrection[]): PromptSource[] {
  return corrections.map((c) => ({
    slot: 'style',
    kind: 'style-correction',
    text: c.note,
    score: 0,
    reason: '',
    style: { control: c.id, target: c.target, actual: c.actual },
  }));
}
