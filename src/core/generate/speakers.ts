import { userDisplayName, type Persona } from '../persona.ts';
import type { Speakers } from './prompt-layout.ts';

/** The speakers of a persona's chat: its name, the user's display name and its language. */
export function speakersOf(persona: Pick<Persona, 'name' | 'language' | 'user'>): Speakers {
  return { name: persona.name.trim(), userName: userDisplayName(persona), language: persona.language };
}
