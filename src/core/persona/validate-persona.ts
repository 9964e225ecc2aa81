import { PROTECTIVE_KINDS, type PersonaAttributes, type PersonaBehaviours } from './persona.ts';
import { type FieldError, fieldError } from './field-errors.ts';
import type { PersonaField } from './field-text.ts';
import { isRecord } from '../llm-output.ts';
import { STYLE_CONTROL_IDS } from './style-catalogue.ts';
import { maxStyleValue } from './style-values.ts';
import { MAX_NOTE_CHARS, MAX_NOTE_DEPTH, MAX_NOTE_EVERY } from '../prompt/authors-note.ts';
import { NARRATION_MODES, VOICE_RANGES } from '../voice.ts';

/** Length and count limits enforced by {@link validatePersonaInput} (characters are code points). */
export const PERSONA_LIMITS = {
  name: 100,
  text: 20_000,
  era: 500,
  creator: 200,
  listItem: 500,
  tag: 100,
  catchphrases: 50,
  frequentWords: 100,
  cannotKnow: 50,
  protectiveExamples: 10,
  sceneLine: 500,
  alternateGreetings: 50,
  tags: 100,
  lore: 1000,
  voiceURI: 500,
} as const;

const SAMPLING_RANGES: Record<string, { min: number; max: number; integer?: boolean }> = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1 },
  topK: { min: 0, max: 1000, integer: true },
  repetitionPenalty: { min: 0.5, max: 2 },
  presencePenalty: { min: -2, max: 2 },
  frequencyPenalty: { min: -2, max: 2 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
};

const ATTRIBUTE_KEYS: readonly (keyof PersonaAttributes)[] = ['identity', 'interests', 'viewpoints', 'experiences', 'achievements', 'relationships', 'other'];
const BEHAVIOUR_TEXT: readonly (keyof PersonaBehaviours)[] = ['dialect', 'speakingStyle', 'personality', 'emotionalExpression', 'interactionPatterns'];
const TOP_TEXT = ['description', 'greeting', 'sampleDialogues', 'scenario', 'systemPrompt', 'postHistoryInstructions', 'creatorNotes'] as const;

function length(text: string): number {
  return [...text].length;
}

/** Checks an optional text: a string of at most `max` characters. */
function checkText(errors: FieldError[], field: PersonaField, value: unknown, max: number): void {
  if (value === undefined) return;
  if (typeof value !== 'string') errors.push(fieldError(field, 'wrong-type'));
  else if (length(value) > max) errors.push(fieldError(field, 'too-long', { max, actual: length(value) }));
}

/** Checks an optional list of texts: at most `maxItems` items of at most `maxChars` characters. */
function checkList(errors: FieldError[], field: PersonaField, value: unknown, maxItems: number, maxChars: number): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    errors.push(fieldError(field, 'wrong-type'));
    return;
  }
  if (value.length > maxItems) errors.push(fieldError(field, 'too-many', { max: maxItems, actual: value.length }));
  value.forEach((item: unknown, index) => {
    if (typeof item !== 'string') errors.push(fieldError(field, 'wrong-type', { index }));
    else if (length(item) > maxChars) errors.push(fieldError(field, 'item-too-long', { max: maxChars, index }));
  });
}

/** The object at `value`, or undefined after recording a wrong-type error (undefined stays silent). */
function section(errors: FieldError[], field: PersonaField, value: unknown): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (isRecord(value)) return value;
  errors.push(fieldError(field, 'wrong-type'));
  return undefined;
}

function checkName(errors: FieldError[], field: PersonaField, value: unknown, required: boolean): void {
  if (value === undefined && !required) return;
  if (typeof value !== 'string') errors.push(fieldError(field, required ? 'required' : 'wrong-type'));
  else if (required && value.trim() === '') errors.push(fieldError(field, 'required'));
  else checkText(errors, field, value, PERSONA_LIMITS.name);
}

function checkStyle(errors: FieldError[], value: unknown): void {
  const style = section(errors, 'style', value);
  if (!style) return;
  for (const id of STYLE_CONTROL_IDS) {
    const v = style[id];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) errors.push(fieldError('style', 'wrong-type', { detail: id }));
    else if (v < 0 || v > maxStyleValue(id)) errors.push(fieldError('style', 'out-of-range', { detail: id, min: 0, max: maxStyleValue(id) }));
  }
}

/**
 * Checks the kept protective scenes: at most {@link PERSONA_LIMITS}.protectiveExamples, each of a
 * known kind with a question and an answer, neither empty nor longer than a scene line may be.
 */
function checkProtectiveExamples(errors: FieldError[], value: unknown): void {
  if (value === undefined) return;
  const field = 'protectiveExamples';
  if (!Array.isArray(value)) {
    errors.push(fieldError(field, 'wrong-type'));
    return;
  }
  if (value.length > PERSONA_LIMITS.protectiveExamples)
    errors.push(fieldError(field, 'too-many', { max: PERSONA_LIMITS.protectiveExamples, actual: value.length }));
  value.forEach((scene: unknown, index) => {
    const lines = isRecord(scene) && (PROTECTIVE_KINDS as readonly unknown[]).includes(scene.kind) ? [scene.user, scene.character] : [];
    if (lines.length === 0 || !lines.every((line) => typeof line === 'string')) errors.push(fieldError(field, 'wrong-type', { index }));
    else if (lines.some((line) => line.trim() === '')) errors.push(fieldError(field, 'item-empty', { index }));
    else if (lines.some((line) => length(line) > PERSONA_LIMITS.sceneLine))
      errors.push(fieldError(field, 'item-too-long', { max: PERSONA_LIMITS.sceneLine, index }));
  });
}

/** Checks a default author's note: text within its length, whole-number depth and frequency within their ranges. */
function checkAuthorsNote(errors: FieldError[], value: unknown): void {
  const note = section(errors, 'authorsNote', value);
  if (!note) return;
  checkText(errors, 'authorsNote', note.text ?? null, MAX_NOTE_CHARS);
  const ranges = { 'authorsNote.depth': [note.depth, 0, MAX_NOTE_DEPTH], 'authorsNote.every': [note.every, 1, MAX_NOTE_EVERY] } as const;
  for (const [field, [v, min, max]] of Object.entries(ranges) as [PersonaField, readonly [unknown, number, number]][]) {
    if (typeof v !== 'number' || !Number.isInteger(v)) errors.push(fieldError(field, 'wrong-type'));
    else if (v < min || v > max) errors.push(fieldError(field, 'out-of-range', { min, max }));
  }
}

/** Checks the voice settings: rate and pitch numbers within {@link VOICE_RANGES}, a known narration choice, voice ids as short texts. */
function checkVoice(errors: FieldError[], value: unknown): void {
  const voice = section(errors, 'voice', value);
  if (!voice) return;
  for (const [option, range] of Object.entries(VOICE_RANGES)) {
    const v = voice[option];
    if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(fieldError('voice', 'wrong-type', { detail: option }));
    else if (v < range.min || v > range.max) errors.push(fieldError('voice', 'out-of-range', { detail: option, ...range }));
  }
  if (!(NARRATION_MODES as readonly unknown[]).includes(voice.narration)) errors.push(fieldError('voice', 'invalid-choice'));
  for (const option of ['voiceURI', 'narrationVoiceURI']) {
    const v = voice[option];
    if (v !== undefined && (typeof v !== 'string' || length(v) > PERSONA_LIMITS.voiceURI)) errors.push(fieldError('voice', 'wrong-type', { detail: option }));
  }
}

function checkSampling(errors: FieldError[], value: unknown): void {
  const sampling = section(errors, 'sampling', value);
  if (!sampling) return;
  for (const [option, range] of Object.entries(SAMPLING_RANGES)) {
    const v = sampling[option];
    if (v === undefined) continue;
    const ok = typeof v === 'number' && Number.isFinite(v) && (!range.integer || Number.isInteger(v));
    if (!ok) errors.push(fieldError('sampling', 'wrong-type', { detail: option }));
    else if (v < range.min || v > range.max) errors.push(fieldError('sampling', 'out-of-range', { detail: option, ...range }));
  }
}

/**
 * Checks what the persona editor (or an import) is about to save. Returns every problem
 * found, in a fixed order; an empty list means the input is valid. Only the name is
 * required; any other field may be missing (it gets its default), but when present it must
 * have the right type and stay within {@link PERSONA_LIMITS}.
 */
export function validatePersonaInput(init: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const p = isRecord(init) ? init : {};
  checkName(errors, 'name', p.name, true);
  if (p.language !== undefined && p.language !== 'en' && p.language !== 'zh') errors.push(fieldError('language', 'invalid-choice'));
  for (const key of TOP_TEXT) checkText(errors, key, p[key], PERSONA_LIMITS.text);
  checkText(errors, 'creator', p.creator, PERSONA_LIMITS.creator);
  const attributes = section(errors, 'attributes', p.attributes);
  for (const key of ATTRIBUTE_KEYS) checkText(errors, `attributes.${key}`, attributes?.[key], PERSONA_LIMITS.text);
  const behaviours = section(errors, 'behaviours', p.behaviours);
  checkList(errors, 'behaviours.catchphrases', behaviours?.catchphrases, PERSONA_LIMITS.catchphrases, PERSONA_LIMITS.listItem);
  checkList(errors, 'behaviours.frequentWords', behaviours?.frequentWords, PERSONA_LIMITS.frequentWords, PERSONA_LIMITS.listItem);
  for (const key of BEHAVIOUR_TEXT) checkText(errors, `behaviours.${key}`, behaviours?.[key], PERSONA_LIMITS.text);
  checkList(errors, 'alternateGreetings', p.alternateGreetings, PERSONA_LIMITS.alternateGreetings, PERSONA_LIMITS.text);
  const user = section(errors, 'user', p.user);
  checkName(errors, 'user.name', user?.name, false);
  checkText(errors, 'user.description', user?.description, PERSONA_LIMITS.text);
  const boundary = section(errors, 'boundary', p.boundary);
  checkText(errors, 'boundary.era', boundary?.era, PERSONA_LIMITS.era);
  checkText(errors, 'boundary.knows', boundary?.knows, PERSONA_LIMITS.text);
  checkList(errors, 'boundary.cannotKnow', boundary?.cannotKnow, PERSONA_LIMITS.cannotKnow, PERSONA_LIMITS.listItem);
  checkProtectiveExamples(errors, p.protectiveExamples);
  checkList(errors, 'tags', p.tags, PERSONA_LIMITS.tags, PERSONA_LIMITS.tag);
  checkStyle(errors, p.style);
  checkSampling(errors, p.sampling);
  checkAuthorsNote(errors, p.authorsNote);
  checkVoice(errors, p.voice);
  if (p.lore !== undefined && !Array.isArray(p.lore)) errors.push(fieldError('lore', 'wrong-type'));
  else if (Array.isArray(p.lore) && p.lore.length > PERSONA_LIMITS.lore) {
    errors.push(fieldError('lore', 'too-many', { max: PERSONA_LIMITS.lore, actual: p.lore.length }));
  }
  return errors;
}
