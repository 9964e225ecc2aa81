import type { PersonaLanguage } from '../../core/persona/persona.ts';
import { fieldHelp, fieldLabel, type PersonaField } from '../../core/persona/index.ts';

/** The editor label of a persona field, in the persona's language (Chinese for `zh`, else English). */
export function labelOf(field: PersonaField, language: PersonaLanguage = 'en'): string {
  return fieldLabel(field, language);
}

/** The editor help text of a persona field, in the persona's language. */
export function helpOf(field: PersonaField, language: PersonaLanguage = 'en'): string {
  return fieldHelp(field, language);
}
