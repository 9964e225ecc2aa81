import type { LoreEntry, PersonaInit } from '../persona/index.ts';

/**
 * A starter character as written: the persona (without ids or attached books) and its short
 * world book, whose entries get their ids when the starter is added (see `starters.ts`).
 */
export interface StarterDefinition {
  persona: Omit<PersonaInit, 'bookIds'>;
  book: {
    name: string;
    description: string;
    entries: (Partial<LoreEntry> & Pick<LoreEntry, 'keys' | 'content'>)[];
  };
}
