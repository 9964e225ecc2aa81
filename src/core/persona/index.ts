/** Persona model: style controls, prompt rendering, knowledge boundary, evolving state, validation. */
export { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
export { checkStyleOverride, normalizeStyle } from './style-values.ts';
export { buildInferStyleRequest, parseInferredStyle } from './style-inference.ts';
export { applyStyleOverride, mergeInferredStyle, setStyleControl, unpinStyleControl } from './style-merge.ts';
export { DRIFT_MIN_REPLIES, DRIFT_WINDOW, type ControlReading, type StyleCorrection, type StyleReading, readStyle, styleCorrections } from './style-drift.ts';
export {
  CLOSENESS_MIN,
  CLOSENESS_MAX,
  MOOD_MAX_LENGTH,
  STATE_UPDATE_EVERY,
  type PersonaStateChange,
  type PersonaState,
  clampCloseness,
  initialPersonaState,
  shouldUpdateState,
  applyStateUpdate,
  editPersonaState,
  closenessMessage,
} from './persona-state.ts';
export { buildStateUpdateRequest, parseStateUpdate } from './state-update-request.ts';
export { type PersonaField, fieldLabel, fieldHelp } from './field-text.ts';
export { type FieldError } from './field-errors.ts';
export { validatePersonaInput } from './validate-persona.ts';
export { type ExampleScene, characterTurns, parseExampleDialogue } from './example-dialogue.ts';
export { cleanList, detectLanguage, joinList, joinNames, oneLine } from './localized.ts';
export { type MacroNames } from './macros.ts';
export { namesOf, personaText } from './names.ts';
export { type PersonaCoreOptions, renderPersonaCore, resolvePostHistoryInstructions } from './persona-core.ts';
export { cannedProtectiveExamples } from './protective-examples.ts';
export { buildProtectiveExamplesRequest, parseProtectiveExamples } from './protective-examples-request.ts';
export { renderPersonaState, stateAtTurn } from './persona-state.ts';
export {
  type AuthorsNote,
  type CardOrigin,
  type KnowledgeBoundary,
  type LoreEntry,
  type LorePosition,
  type NarrationMode,
  type PackedFile,
  type SecondaryLogic,
  type Persona,
  type PersonaAttributes,
  type PersonaBehaviours,
  type PersonaInit,
  type PersonaLanguage,
  type PersonaVoice,
  PROTECTIVE_KINDS,
  type ProtectiveExample,
  type ReplyForm,
  type UserPersona,
  createPersona,
  userDisplayName,
} from './persona.ts';
export {
  type ChatUser,
  type UserPersonaInput,
  type UserPersonaLibrary,
  type UserPersonaProfile,
  addUserPersona,
  chatUserOf,
  checkUserPersonaInput,
  defaultUserPersona,
  EMPTY_USER_LIBRARY,
  isUserPersonaLibrary,
  MAX_USER_DESCRIPTION,
  MAX_USER_NAME,
  migrateUserName,
  removeUserPersona,
  setDefaultUserPersona,
  updateUserPersona,
  withChatUser,
} from './user-personas.ts';
export { findDuplicate, replacedPersona } from './duplicate-import.ts';
