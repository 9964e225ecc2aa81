import { type Persona, userDisplayName } from './persona.ts';
import { cleanText } from './localized.ts';
import { type MacroNames, substituteMacros } from './macros.ts';

/** The character's and the user's display names, as used for macros and speaker labels. */
export function namesOf(persona: Pick<Persona, 'name' | 'user'>): MacroNames {
  return { char: cleanText(persona.name), user: userDisplayName(persona) };
}

/** Cleans a persona text (line endings, trim) and substitutes `{{char}}` / `{{user}}`. */
export function personaText(text: string, names: MacroNames): string {
  return substituteMacros(cleanText(text), names);
}
