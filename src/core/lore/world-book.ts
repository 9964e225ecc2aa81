import type { Chat } from '../chat.ts';
import type { LoreEntry, LorePosition, Persona, SecondaryLogic } from '../persona/index.ts';

/** A world book's id. */
export type BookId = string & { readonly __brand: 'BookId' };

/**
 * A world book (SillyTavern's World Info, a lorebook): entries that fire on keywords and go into
 * the prompt. A book is its own record, attached to every chat (global), to a persona, or to one
 * chat. A card's embedded `character_book` stays with its persona (`Persona.lore`) and fires the same way.
 */
export interface WorldBook {
  id: BookId;
  name: string;
  description: string;
  entries: LoreEntry[];
  /** Messages scanned for keys (default: the chat's setting, 2). */
  scanDepth?: number;
  /** Most rounds of recursion (content of fired entries activating others); 0 turns it off. */
  recursionSteps?: number;
  /** Largest share of the context window its entries may take, in percent. */
  budgetPercent?: number;
  /** Fields of an imported file that EGOS does not use, kept so an export round-trips. */
  extra: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** Which books are attached where (besides a persona's embedded lore). */
export interface BookAttachments {
  /** Books that fire in every chat. */
  global: BookId[];
}

/** Longest book name. */
export const MAX_BOOK_NAME = 120;
/** Most entries one book may hold (large SillyTavern worlds have a few thousand). */
export const MAX_BOOK_ENTRIES = 10_000;

/** Fields a caller may give when creating a book; the rest get defaults. */
export type WorldBookInit = Partial<Omit<WorldBook, 'id' | 'createdAt' | 'updatedAt'>> & Pick<WorldBook, 'name'>;

/** Builds a complete book from partial input (no entries, no extra fields unless given). */
export function createWorldBook(init: WorldBookInit, id: BookId, now: number): WorldBook {
  return { description: '', entries: [], extra: {}, ...init, id, createdAt: now, updatedAt: now };
}

/** A new, empty, enabled entry that fires on its keys (SillyTavern's defaults: order 100, after the character). */
export function newLoreEntry(id: string, init: Partial<LoreEntry> = {}): LoreEntry {
  return {
    id,
    keys: [],
    secondaryKeys: [],
    selective: false,
    content: '',
    enabled: true,
    constant: false,
    caseSensitive: false,
    insertionOrder: 100,
    extra: {},
    ...init,
  };
}

/** Where a book is attached. */
export type BookSource = 'global' | 'persona' | 'chat';

/** A book that applies to a chat and every place it is attached. */
export interface AttachedBook {
  id: BookId;
  sources: BookSource[];
}

/**
 * The books that apply to a chat: the global ones, the persona's and the chat's own, each once
 * (in that order of first appearance), with every place it is attached. Ids of deleted books
 * are returned too; the caller skips those it cannot find.
 */
export function attachedBooks(attachments: BookAttachments, persona: Pick<Persona, 'bookIds'>, chat: Pick<Chat, 'bookIds'> | null): AttachedBook[] {
  const found = new Map<BookId, BookSource[]>();
  const add = (ids: readonly BookId[] | undefined, source: BookSource) => {
    for (const id of ids ?? []) {
      const sources = found.get(id) ?? [];
      if (!sources.includes(source)) sources.push(source);
      found.set(id, sources);
    }
  };
  add(attachments.global, 'global');
  add(persona.bookIds, 'persona');
  add(chat?.bookIds, 'chat');
  return [...found].map(([id, sources]) => ({ id, sources }));
}

/** Text folded for search: compatibility forms unified (full-width letters, 「」 variants), lower case. */
function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * True when every word of `query` occurs in the entry's keys, secondary keys, content or comment
 * (case-insensitive, full-width and half-width alike; Chinese matches inside sentences, since
 * it has no spaces between words). An empty query matches every entry.
 */
export function entryMatches(entry: LoreEntry, query: string): boolean {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const haystack = fold([...entry.keys, ...entry.secondaryKeys, entry.comment ?? '', entry.content].join('\n'));
  return words.every((w) => haystack.includes(w));
}

/** SillyTavern's `position` numbers 0..4, in order. */
const ST_POSITIONS: readonly LorePosition[] = ['before-character', 'after-character', 'before-note', 'after-note', 'at-depth'];
/** SillyTavern's `selectiveLogic` numbers 0..3, in order. */
const ST_LOGICS: readonly SecondaryLogic[] = ['and-any', 'not-all', 'not-any', 'and-all'];

/** The position of a SillyTavern position number (0..4), or undefined for any other value. */
export function positionOfNumber(value: unknown): LorePosition | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? ST_POSITIONS[value] : undefined;
}

/** The logic of a SillyTavern `selectiveLogic` number (0..3), or undefined for any other value. */
export function logicOfNumber(value: unknown): SecondaryLogic | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? ST_LOGICS[value] : undefined;
}

/** SillyTavern's position number of a position. */
export function numberOfPosition(position: LorePosition): number {
  return ST_POSITIONS.indexOf(position);
}

/** SillyTavern's `selectiveLogic` number of a logic. */
export function numberOfLogic(logic: SecondaryLogic): number {
  return ST_LOGICS.indexOf(logic);
}

/** Positions 5 and 6 (SillyTavern's example-message slots): EGOS puts them before the character and keeps the number. */
export function isExamplePosition(value: unknown): value is 5 | 6 {
  return value === 5 || value === 6;
}
