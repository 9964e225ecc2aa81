/**
 * Importing a card the user already has. The match rule: the same character name and the same
 * creator, compared without regard to case, width (full-width and half-width forms) and spacing;
 * two cards without a creator match by name alone. Not the card's content: an updated version
 * of a card (a new greeting, a fixed description) is the usual reason to import it again, and
 * it should offer to replace the old one; two different characters that share a common name
 * come from different creators, or, when neither names one, the question costs one click
 * ("Keep both").
 */
import type { Persona, PersonaInit } from './persona.ts';

/** A name or creator as the match compares it. */
function matchKey(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('en');
}

/** The stored persona an imported card matches (see the module comment), or undefined. The most recently changed one when several match. */
export function findDuplicate(card: Pick<PersonaInit, 'name' | 'creator'>, personas: readonly Persona[]): Persona | undefined {
  const name = matchKey(card.name);
  const creator = matchKey(card.creator ?? '');
  if (name === '') return undefined;
  return personas
    .filter((p) => matchKey(p.name) === name && matchKey(p.creator) === creator)
    .reduce<Persona | undefined>((best, p) => (best === undefined || p.updatedAt > best.updatedAt ? p : best), undefined);
}

/**
 * The persona after "Replace": the imported card's fields (as reviewed) over the stored persona,
 * keeping its id and creation time, so its chats, memories and evaluation runs (which refer to
 * the id) stay, and the world books attached to it stay attached (with the new card's own); fields the card does not carry stay as they were, and so does
 * the picture when the new card has none (a JSON card carries no picture).
 */
export function replacedPersona(existing: Persona, card: PersonaInit, now: number): Persona {
  const replaced: Persona = { ...existing, ...card, id: existing.id, createdAt: existing.createdAt, updatedAt: now };
  if (card.avatar === undefined) {
    if (existing.avatar) replaced.avatar = existing.avatar;
    if (existing.avatarThumb) replaced.avatarThumb = existing.avatarThumb;
  } else if (card.avatarThumb === undefined) {
    delete replaced.avatarThumb;
  }
  const books = [...new Set([...(existing.bookIds ?? []), ...(card.bookIds ?? [])])];
  if (books.length > 0) replaced.bookIds = books;
  return replaced;
}
