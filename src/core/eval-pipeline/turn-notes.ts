import type { Message } from '../message.ts';
import type { Persona, ReplyForm } from '../persona/index.ts';

/** What retrieval found for one turn, split by the flag that switches it. */
export interface TurnNotes {
  /** Retrieved memories and lore (the `memory` flag). */
  memories: readonly string[];
  /** The character's example lines chosen for this turn (the `exemplars` flag). */
  exemplars: readonly string[];
}

/** Retrieval for one turn of an interview; `history` ends with the question to answer. */
export type NotesProvider = (persona: Persona, history: readonly Message[], turn: { form: ReplyForm; examplesInPrompt: boolean }) => Promise<TurnNotes>;
