import { isRecord } from '../llm-output.ts';
import { msg } from '../i18n/message.ts';
import {
  PROTECTIVE_KINDS,
  type KnowledgeBoundary,
  type PersonaAttributes,
  type PersonaBehaviours,
  type PersonaInit,
  type PersonaLanguage,
  type PersonaVoice,
  type ProtectiveExample,
  type ReplyForm,
  type UserPersona,
} from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import { DEFAULT_STYLE, type StyleControlId, type StyleSettings } from '../style-controls.ts';
import { voiceSettings } from '../voice.ts';
import { readOptionalNumber, readOptionalObject, readOptionalString, readString, readStringList, wrongType, type JsonObject } from './json-fields.ts';

/** Key under the card's `extensions` where EGOS keeps the fields cards have no place for. */
export const EGOS_EXTENSION_KEY = 'egos';

const ATTRIBUTE_KEYS = ['identity', 'interests', 'viewpoints', 'experiences', 'achievements', 'relationships', 'other'] as const;
const BEHAVIOUR_TEXT_KEYS = ['dialect', 'speakingStyle', 'emotionalExpression', 'interactionPatterns'] as const;
const SAMPLING_KEYS = ['temperature', 'topP', 'topK', 'repetitionPenalty', 'presencePenalty', 'frequencyPenalty', 'seed'] as const;

/** The persona fields restored from the EGOS extension. */
export type EgosFields = Pick<
  PersonaInit,
  'language' | 'replyForm' | 'attributes' | 'behaviours' | 'style' | 'boundary' | 'protectiveExamples' | 'sampling' | 'user' | 'voice'
>;

/**
 * Builds the EGOS extension object; `personality` is left out because the card carries it, and
 * `protectiveExamples` (the kept protective scenes) is written only when there are some.
 */
export function writeEgosExtension(persona: PersonaInit, includeUser: boolean): JsonObject {
  const behaviours: Partial<PersonaBehaviours> = { ...persona.behaviours };
  delete behaviours.personality;
  return {
    version: 1,
    ...(persona.language !== undefined ? { language: persona.language } : {}),
    ...(persona.replyForm !== undefined ? { replyForm: persona.replyForm } : {}),
    ...(persona.attributes !== undefined ? { attributes: { ...persona.attributes } } : {}),
    ...(persona.behaviours !== undefined ? { behaviours } : {}),
    ...(persona.style !== undefined ? { style: { ...persona.style } } : {}),
    ...(persona.boundary !== undefined ? { boundary: { ...persona.boundary, cannotKnow: [...persona.boundary.cannotKnow] } } : {}),
    ...(persona.protectiveExamples?.length ? { protectiveExamples: persona.protectiveExamples.map((e) => ({ ...e })) } : {}),
    ...(persona.sampling !== undefined ? { sampling: { ...persona.sampling } } : {}),
    ...(persona.voice !== undefined ? { voice: { ...persona.voice } } : {}),
    ...(includeUser && persona.user !== undefined ? { user: { ...persona.user } } : {}),
  };
}

function readLanguage(obj: JsonObject, path: string): PersonaLanguage | undefined {
  const value = obj.language;
  if (value === undefined) return undefined;
  if (value !== 'en' && value !== 'zh') throw wrongType(`${path}.language`, msg('card.expected.language'), value);
  return value;
}

function readReplyForm(obj: JsonObject, path: string): ReplyForm | undefined {
  const value = obj.replyForm;
  if (value === undefined) return undefined;
  if (value !== 'line' && value !== 'scene') throw wrongType(`${path}.replyForm`, msg('card.expected.replyForm'), value);
  return value;
}

function readAttributes(obj: JsonObject, path: string): PersonaAttributes {
  const entries = ATTRIBUTE_KEYS.map((key) => [key, readString(obj, key, `${path}.${key}`)] as const);
  return Object.fromEntries(entries) as unknown as PersonaAttributes;
}

function readBehaviours(obj: JsonObject, path: string): Omit<PersonaBehaviours, 'personality'> {
  const texts = Object.fromEntries(BEHAVIOUR_TEXT_KEYS.map((key) => [key, readString(obj, key, `${path}.${key}`)]));
  return {
    ...(texts as Record<(typeof BEHAVIOUR_TEXT_KEYS)[number], string>),
    catchphrases: readStringList(obj, 'catchphrases', `${path}.catchphrases`),
    frequentWords: readStringList(obj, 'frequentWords', `${path}.frequentWords`),
  };
}

function readStyle(obj: JsonObject, path: string): StyleSettings {
  const style: StyleSettings = { ...DEFAULT_STYLE };
  for (const key of Object.keys(DEFAULT_STYLE) as StyleControlId[]) {
    const value = readOptionalNumber(obj, key, `${path}.${key}`);
    if (value === undefined) continue;
    if (!Number.isInteger(value) || value < 0) throw wrongType(`${path}.${key}`, msg('card.expected.wholeNumber'), value);
    style[key] = value;
  }
  return style;
}

function readBoundary(obj: JsonObject, path: string): KnowledgeBoundary {
  return {
    era: readString(obj, 'era', `${path}.era`),
    knows: readString(obj, 'knows', `${path}.knows`),
    cannotKnow: readStringList(obj, 'cannotKnow', `${path}.cannotKnow`),
  };
}

/** The kept protective scenes: a list of `{kind, user, character}`. */
function readProtectiveExamples(obj: JsonObject, path: string): ProtectiveExample[] | undefined {
  const value = obj.protectiveExamples;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(`${path}.protectiveExamples`, msg('card.expected.list'), value);
  return value.map((item: unknown, i) => {
    const kind = isRecord(item) ? PROTECTIVE_KINDS.find((k) => k === item.kind) : undefined;
    if (!isRecord(item) || kind === undefined || typeof item.user !== 'string' || typeof item.character !== 'string') {
      throw wrongType(`${path}.protectiveExamples[${i}]`, msg('card.expected.protectiveScene'), item);
    }
    return { kind, user: item.user, character: item.character };
  });
}

function readSampling(obj: JsonObject, path: string): SamplingOptions {
  const sampling: SamplingOptions = {};
  for (const key of SAMPLING_KEYS) {
    const value = readOptionalNumber(obj, key, `${path}.${key}`);
    if (value !== undefined) sampling[key] = value;
  }
  return sampling;
}

/** The voice settings (the voice ids name voices of the device that exported the card; another device picks its own). Rate and pitch are kept within their ranges. */
function readVoice(obj: JsonObject, path: string): PersonaVoice {
  const narration = obj.narration;
  if (narration !== undefined && narration !== 'skip' && narration !== 'other-voice')
    throw wrongType(`${path}.narration`, msg('voice.expected.narration'), narration);
  const rate = readOptionalNumber(obj, 'rate', `${path}.rate`);
  const pitch = readOptionalNumber(obj, 'pitch', `${path}.pitch`);
  const voiceURI = readOptionalString(obj, 'voiceURI', `${path}.voiceURI`);
  const narrationVoiceURI = readOptionalString(obj, 'narrationVoiceURI', `${path}.narrationVoiceURI`);
  return voiceSettings({
    rate: rate ?? 1,
    pitch: pitch ?? 1,
    narration: narration ?? 'skip',
    ...(voiceURI ? { voiceURI } : {}),
    ...(narrationVoiceURI ? { narrationVoiceURI } : {}),
  });
}

function readUser(obj: JsonObject, path: string): UserPersona {
  return { name: readString(obj, 'name', `${path}.name`), description: readString(obj, 'description', `${path}.description`) };
}

/**
 * Reads the EGOS extension of a card; `personality` is filled in by the caller.
 * @throws {ValidationError} `wrong-type` naming the first field of the wrong type.
 */
export function readEgosExtension(value: unknown, path: string): EgosFields {
  if (!isRecord(value)) throw wrongType(path, msg('card.expected.object'), value);
  const fields: EgosFields = {};
  const language = readLanguage(value, path);
  if (language !== undefined) fields.language = language;
  const replyForm = readReplyForm(value, path);
  if (replyForm !== undefined) fields.replyForm = replyForm;
  const attributes = readOptionalObject(value, 'attributes', `${path}.attributes`);
  if (attributes) fields.attributes = readAttributes(attributes, `${path}.attributes`);
  const behaviours = readOptionalObject(value, 'behaviours', `${path}.behaviours`);
  if (behaviours) fields.behaviours = { ...readBehaviours(behaviours, `${path}.behaviours`), personality: '' };
  const style = readOptionalObject(value, 'style', `${path}.style`);
  if (style) fields.style = readStyle(style, `${path}.style`);
  const boundary = readOptionalObject(value, 'boundary', `${path}.boundary`);
  if (boundary) fields.boundary = readBoundary(boundary, `${path}.boundary`);
  const scenes = readProtectiveExamples(value, path);
  if (scenes !== undefined) fields.protectiveExamples = scenes;
  const sampling = readOptionalObject(value, 'sampling', `${path}.sampling`);
  if (sampling) fields.sampling = readSampling(sampling, `${path}.sampling`);
  const user = readOptionalObject(value, 'user', `${path}.user`);
  if (user) fields.user = readUser(user, `${path}.user`);
  const voice = readOptionalObject(value, 'voice', `${path}.voice`);
  if (voice) fields.voice = readVoice(voice, `${path}.voice`);
  return fields;
}
