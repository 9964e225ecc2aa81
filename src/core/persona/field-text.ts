import { msg, type Message } from '../i18n/message.ts';
import type { PersonaAttributes, PersonaBehaviours } from './persona.ts';

/** Path of an editable persona field, as used by the editor and by validation errors. */
export type PersonaField =
  | 'name'
  | 'language'
  | 'description'
  | 'attributes'
  | `attributes.${keyof PersonaAttributes}`
  | 'behaviours'
  | `behaviours.${keyof PersonaBehaviours}`
  | 'greeting'
  | 'alternateGreetings'
  | 'sampleDialogues'
  | 'scenario'
  | 'systemPrompt'
  | 'postHistoryInstructions'
  | 'user'
  | 'user.name'
  | 'user.description'
  | 'style'
  | 'boundary'
  | 'boundary.era'
  | 'boundary.knows'
  | 'boundary.cannotKnow'
  | 'protectiveExamples'
  | 'sampling'
  | 'lore'
  | 'tags'
  | 'creator'
  | 'creatorNotes'
  | 'avatar'
  | 'authorsNote'
  | 'authorsNote.depth'
  | 'authorsNote.every'
  | 'voice';

/** Label and help text of one field, as interface messages (shown in the interface language). */
export interface FieldText {
  label: Message;
  help: Message;
}

/**
 * Label and help of every persona field, for the editor and for validation problems. The prompt
 * writes its own section titles in the persona's language (persona-core.ts).
 */
export const PERSONA_FIELD_TEXT: Readonly<Record<PersonaField, FieldText>> = {
  name: { label: msg('persona.field.name'), help: msg('persona.fieldHelp.name') },
  language: { label: msg('persona.field.language'), help: msg('persona.fieldHelp.language') },
  description: { label: msg('persona.field.description'), help: msg('persona.fieldHelp.description') },
  attributes: { label: msg('persona.field.attributes'), help: msg('persona.fieldHelp.attributes') },
  'attributes.identity': { label: msg('persona.field.attributes.identity'), help: msg('persona.fieldHelp.attributes.identity') },
  'attributes.interests': { label: msg('persona.field.attributes.interests'), help: msg('persona.fieldHelp.attributes.interests') },
  'attributes.viewpoints': { label: msg('persona.field.attributes.viewpoints'), help: msg('persona.fieldHelp.attributes.viewpoints') },
  'attributes.experiences': { label: msg('persona.field.attributes.experiences'), help: msg('persona.fieldHelp.attributes.experiences') },
  'attributes.achievements': { label: msg('persona.field.attributes.achievements'), help: msg('persona.fieldHelp.attributes.achievements') },
  'attributes.relationships': { label: msg('persona.field.attributes.relationships'), help: msg('persona.fieldHelp.attributes.relationships') },
  'attributes.other': { label: msg('persona.field.attributes.otherFacts'), help: msg('persona.fieldHelp.attributes.otherFacts') },
  behaviours: { label: msg('persona.field.behaviours'), help: msg('persona.fieldHelp.behaviours') },
  'behaviours.catchphrases': { label: msg('persona.field.behaviours.catchphrases'), help: msg('persona.fieldHelp.behaviours.catchphrases') },
  'behaviours.dialect': { label: msg('persona.field.behaviours.dialect'), help: msg('persona.fieldHelp.behaviours.dialect') },
  'behaviours.speakingStyle': { label: msg('persona.field.behaviours.speakingStyle'), help: msg('persona.fieldHelp.behaviours.speakingStyle') },
  'behaviours.frequentWords': { label: msg('persona.field.behaviours.frequentWords'), help: msg('persona.fieldHelp.behaviours.frequentWords') },
  'behaviours.personality': { label: msg('persona.field.behaviours.personality'), help: msg('persona.fieldHelp.behaviours.personality') },
  'behaviours.emotionalExpression': {
    label: msg('persona.field.behaviours.emotionalExpression'),
    help: msg('persona.fieldHelp.behaviours.emotionalExpression'),
  },
  'behaviours.interactionPatterns': {
    label: msg('persona.field.behaviours.interactionPatterns'),
    help: msg('persona.fieldHelp.behaviours.interactionPatterns'),
  },
  greeting: { label: msg('persona.field.greeting'), help: msg('persona.fieldHelp.greeting') },
  alternateGreetings: { label: msg('persona.field.alternateGreetings'), help: msg('persona.fieldHelp.alternateGreetings') },
  sampleDialogues: { label: msg('persona.field.sampleDialogues'), help: msg('persona.fieldHelp.sampleDialogues') },
  scenario: { label: msg('persona.field.scenario'), help: msg('persona.fieldHelp.scenario') },
  systemPrompt: { label: msg('persona.field.systemPrompt'), help: msg('persona.fieldHelp.systemPrompt', { macro: '{{original}}' }) },
  postHistoryInstructions: { label: msg('persona.field.postHistoryInstructions'), help: msg('persona.fieldHelp.postHistoryInstructions') },
  user: { label: msg('persona.field.user'), help: msg('persona.fieldHelp.user') },
  'user.name': { label: msg('persona.field.user.name'), help: msg('persona.fieldHelp.user.name') },
  'user.description': { label: msg('persona.field.user.description'), help: msg('persona.fieldHelp.user.description') },
  style: { label: msg('persona.field.style'), help: msg('persona.fieldHelp.style') },
  boundary: { label: msg('persona.field.boundary'), help: msg('persona.fieldHelp.boundary') },
  'boundary.era': { label: msg('persona.field.boundary.era'), help: msg('persona.fieldHelp.boundary.era') },
  'boundary.knows': { label: msg('persona.field.boundary.knows'), help: msg('persona.fieldHelp.boundary.knows') },
  'boundary.cannotKnow': { label: msg('persona.field.boundary.cannotKnow'), help: msg('persona.fieldHelp.boundary.cannotKnow') },
  protectiveExamples: { label: msg('persona.field.protectiveExamples'), help: msg('persona.fieldHelp.protectiveExamples') },
  sampling: { label: msg('persona.field.sampling'), help: msg('persona.fieldHelp.sampling') },
  lore: { label: msg('persona.field.lore'), help: msg('persona.fieldHelp.lore') },
  tags: { label: msg('persona.field.tags'), help: msg('persona.fieldHelp.tags') },
  creator: { label: msg('persona.field.creator'), help: msg('persona.fieldHelp.creator') },
  creatorNotes: { label: msg('persona.field.creatorNotes'), help: msg('persona.fieldHelp.creatorNotes') },
  avatar: { label: msg('persona.field.avatar'), help: msg('persona.fieldHelp.avatar') },
  authorsNote: { label: msg('persona.field.authorsNote'), help: msg('persona.fieldHelp.authorsNote', { char: '{{char}}', user: '{{user}}' }) },
  'authorsNote.depth': { label: msg('persona.field.authorsNote.depth'), help: msg('persona.fieldHelp.authorsNote.depth') },
  'authorsNote.every': { label: msg('persona.field.authorsNote.every'), help: msg('persona.fieldHelp.authorsNote.every') },
  voice: { label: msg('voice.field'), help: msg('voice.fieldHelp') },
};

/** The label of a field. */
export function fieldLabel(field: PersonaField): Message {
  return PERSONA_FIELD_TEXT[field].label;
}

/** The help text of a field. */
export function fieldHelp(field: PersonaField): Message {
  return PERSONA_FIELD_TEXT[field].help;
}
