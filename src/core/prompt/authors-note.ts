/**
 * The author's note: the chat's own (`Chat.authorsNote`), else the persona's default
 * (`Persona.authorsNote`); which turns it goes into; and the checks a note passes before it is
 * stored. Where it goes in the prompt is the layouts' business (see README.md: it rides with the
 * newest turn on engines that keep a cache, so a change costs no cache reuse).
 */
import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { AuthorsNote, Persona } from '../persona/index.ts';

/** Depth of a new note: four messages above the newest (SillyTavern's default). */
export const DEFAULT_NOTE_DEPTH = 4;

/** Longest note, in characters. */
export const MAX_NOTE_CHARS = 2000;

/** Deepest a note may go, in messages. */
export const MAX_NOTE_DEPTH = 100;

/** Rarest a note may come, in turns. */
export const MAX_NOTE_EVERY = 100;

/** The note in force for a chat: its own (an empty one means none here), else the persona's; undefined when there is none. */
export function authorsNoteOf(chat: Pick<Chat, 'authorsNote'> | null, persona: Pick<Persona, 'authorsNote'>): AuthorsNote | undefined {
  const note = chat?.authorsNote ?? persona.authorsNote;
  return note && note.text.trim() !== '' ? note : undefined;
}

/**
 * True when the note goes into the prompt of the user's `turn`-th line (1 for the first): on the
 * first and then on every `every`-th (every 1: always). A regenerated reply answers the same line,
 * so it gets the same decision.
 */
export function noteDue(note: Pick<AuthorsNote, 'every'>, turn: number): boolean {
  const every = Math.max(1, Math.floor(note.every));
  return turn >= 1 && (turn - 1) % every === 0;
}

/**
 * A note as it may be stored: text with its line ends cleaned and its ends trimmed, whole-number
 * depth and frequency within their ranges.
 * @throws ValidationError naming the problem (too long, a depth or frequency out of range).
 */
export function checkAuthorsNote(note: AuthorsNote): AuthorsNote {
  const text = note.text.replace(/\r\n?/g, '\n').trim();
  if (text.length > MAX_NOTE_CHARS) throw new ValidationError('too-large', msg('authorsNote.error.tooLong', { count: text.length, max: MAX_NOTE_CHARS }));
  if (!Number.isInteger(note.depth) || note.depth < 0 || note.depth > MAX_NOTE_DEPTH) {
    throw new ValidationError('invalid', msg('authorsNote.error.depth', { max: MAX_NOTE_DEPTH }));
  }
  if (!Number.isInteger(note.every) || note.every < 1 || note.every > MAX_NOTE_EVERY) {
    throw new ValidationError('invalid', msg('authorsNote.error.every', { max: MAX_NOTE_EVERY }));
  }
  return { text, depth: note.depth, every: note.every };
}
