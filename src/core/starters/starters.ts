import { newId, type PersonaId } from '../ids.ts';
import { createWorldBook, newLoreEntry, type BookId, type WorldBook } from '../lore/world-book.ts';
import { createPersona, type Persona } from '../persona/index.ts';
import { LIGHTHOUSE_KEEPER } from './lighthouse-keeper.ts';
import type { StarterDefinition } from './starter.ts';
import { STORYTELLER } from './storyteller.ts';

/** The starter characters EGOS offers, in the order they are added. */
export const STARTER_DEFINITIONS: readonly StarterDefinition[] = [LIGHTHOUSE_KEEPER, STORYTELLER];

/** A starter character ready to store: the persona with its own world book attached. */
export interface Starter {
  persona: Persona;
  book: WorldBook;
}

/**
 * Fresh copies of the starter characters, each with new ids and its world book attached
 * (`Persona.bookIds`). They are ordinary personas and books: the user may edit or delete them.
 */
export function starterCharacters(now: number, makeId: () => string = newId): Starter[] {
  return STARTER_DEFINITIONS.map((def) => {
    const entries = def.book.entries.map((entry, i) => newLoreEntry(makeId(), { ...structuredClone(entry), insertionOrder: 100 + i }));
    const book = createWorldBook({ name: def.book.name, description: def.book.description, entries }, makeId() as BookId, now);
    const persona = createPersona(structuredClone({ ...def.persona, bookIds: [book.id] }), makeId() as PersonaId, now);
    return { persona, book };
  });
}
