import type { LoreEntry } from '../persona/index.ts';

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
