import { fieldHelp, fieldLabel, type PersonaField } from '../../core/persona/index.ts';

/** Language of the editor's own labels (the app's interface is in English). */
const UI_LANGUAGE = 'en';

/** The editor label of a persona field. */
export function labelOf(field: PersonaField): string {
  return fieldLabel(field, UI_LANGUAGE);
}

/** The editor help text of a persona field. */
export function helpOf(field: PersonaField): string {
  return fieldHelp(field, UI_LANGUAGE);
}
