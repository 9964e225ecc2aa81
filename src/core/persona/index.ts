/** Persona model: style controls, prompt rendering, knowledge boundary, evolving state, validation. */
export { type Localized, pick, quote, joinList, cleanText, cleanList, oneLine } from './localized.ts';
export { type MacroNames, substituteMacros, substituteOriginal } from './macros.ts';
export { namesOf, personaText } from './names.ts';
export { type StyleLevel, type StyleControlSpec, STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
export { maxStyleValue, isValidStyleValue, clampStyleValue, normalizeStyle, isStyleControlId } from './style-values.ts';
export { type StyleInstructionOptions, renderStyleInstructions } from './style-instructions.ts';
export { type InferStyleOptions, INFER_MATERIAL_MAX_CHARS, inferStyleSchema, buildInferStyleRequest, parseInferredStyle } from './style-inference.ts';
export { type PinnedStyle, mergeInferredStyle, setStyleControl, unpinStyleControl } from './style-merge.ts';
export { type EraTraits, eraTraits } from './era.ts';
export {
  type ProtectiveKind,
  type ProtectiveExample,
  hasBoundary,
  protectiveExamples,
  formatProtectiveExamples,
} from './protective-examples.ts';
export { protectiveExamplesSchema, buildProtectiveExamplesRequest, parseProtectiveExamples } from './protective-examples-request.ts';
export { renderBoundaryInstructions } from './knowledge-boundary.ts';
export { type PersonaCoreOptions, renderPersonaCore, resolveSystemPrompt, resolvePostHistoryInstructions } from './persona-core.ts';
export {
  CLOSENESS_MIN,
  CLOSENESS_MAX,
  MAX_CLOSENESS_STEP,
  MOOD_MAX_LENGTH,
  REASON_MAX_LENGTH,
  STATE_UPDATE_EVERY,
  CLOSENESS_LABELS,
  type PersonaStateChange,
  type PersonaState,
  type StateProposal,
  type ChangeStamp,
  clampCloseness,
  cleanMood,
  initialPersonaState,
  shouldUpdateState,
  applyStateUpdate,
  editPersonaState,
  stateAtTurn,
  closenessLabel,
  renderPersonaState,
} from './persona-state.ts';
export { stateUpdateSchema, buildStateUpdateRequest, parseStateUpdate } from './state-update-request.ts';
export { type PersonaField, type FieldText, PERSONA_FIELD_TEXT, fieldLabel, fieldHelp } from './field-text.ts';
export { type FieldErrorKey, type FieldErrorParams, type FieldError, formatFieldError, fieldError } from './field-errors.ts';
export { PERSONA_LIMITS, validatePersonaInput } from './validate-persona.ts';
