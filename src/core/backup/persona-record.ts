import { msg } from '../i18n/message.ts';
import type { PersonaId } from '../ids.ts';
import { createPersona, type Persona, type PersonaInit } from '../persona/index.ts';
import type { StyleSettings } from '../style-controls.ts';
import { base64ToBytes, bytesToBase64 } from './binary-codec.ts';
import type { PersonaRecord } from './backup-format.ts';
import { array, bool, damaged, finite, id, integer, jsonObject, object, oneOf, optional, text, type Check } from './json-check.ts';

const texts = array(text);
const optText = optional(text);
const optTexts = optional(texts);

const attributes = object(
  {
    identity: optText,
    interests: optText,
    viewpoints: optText,
    experiences: optText,
    achievements: optText,
    relationships: optText,
    other: optText,
  },
  { keepUnknown: true },
);

const behaviours = object(
  {
    catchphrases: optTexts,
    dialect: optText,
    speakingStyle: optText,
    frequentWords: optTexts,
    personality: optText,
    emotionalExpression: optText,
    interactionPatterns: optText,
  },
  { keepUnknown: true },
);

const styleLevel: Check<number> = (value, path) => {
  const n = integer(value, path);
  if (n < 0 || n > 20) throw damaged(path, msg('backup.expected.styleLevel'));
  return n;
};

/** Style levels by control id; unknown controls are kept as numbers too. */
const style: Check<Partial<StyleSettings>> = (value, path) => {
  const raw = jsonObject(value, path);
  for (const [key, level] of Object.entries(raw)) styleLevel(level, `${path}.${key}`);
  return raw as Partial<StyleSettings>;
};

const optNumber = optional(finite);
const sampling = object(
  {
    temperature: optNumber,
    topP: optNumber,
    topK: optNumber,
    repetitionPenalty: optNumber,
    presencePenalty: optNumber,
    frequencyPenalty: optNumber,
    seed: optNumber,
  },
  { keepUnknown: true },
);

const loreEntry = object(
  {
    id: text,
    keys: texts,
    secondaryKeys: texts,
    selective: bool,
    content: text,
    enabled: bool,
    constant: bool,
    caseSensitive: bool,
    insertionOrder: finite,
    priority: optNumber,
    comment: optText,
    extra: jsonObject,
  },
  { keepUnknown: true },
);

const card = object({
  spec: oneOf('chara_card_v1', 'chara_card_v2', 'chara_card_v3'),
  specVersion: text,
  unknownFields: jsonObject,
  extensions: jsonObject,
  bookExtra: optional(jsonObject),
});

const IMAGE_MIME = /^image\/[\w.+-]{1,60}$/;
const mime: Check<string> = (value, path) => {
  if (typeof value !== 'string' || !IMAGE_MIME.test(value)) throw damaged(path, msg('backup.expected.imageType'));
  return value;
};

const avatar = object({ mime, base64: (v, p) => base64ToBytes(v, p) });

const personaShape = object(
  {
    id,
    name: text,
    language: optional(oneOf('en', 'zh')),
    description: optText,
    attributes: optional(attributes),
    behaviours: optional(behaviours),
    greeting: optText,
    alternateGreetings: optTexts,
    sampleDialogues: optText,
    scenario: optText,
    systemPrompt: optText,
    postHistoryInstructions: optText,
    replyForm: optional(oneOf('line', 'scene')),
    user: optional(object({ name: optText, description: optText }, { keepUnknown: true })),
    style: optional(style),
    stylePinned: optTexts,
    initialState: optional(object({ mood: text, closeness: finite })),
    boundary: optional(object({ era: optText, knows: optText, cannotKnow: optTexts }, { keepUnknown: true })),
    sampling: optional(sampling),
    lore: optional(array(loreEntry)),
    tags: optTexts,
    creator: optText,
    creatorNotes: optText,
    avatar: optional(avatar),
    card: optional(card),
    createdAt: finite,
    updatedAt: finite,
  },
  { keepUnknown: true },
);

/**
 * Checks a persona from a backup and completes it: fields an older release did not have get
 * their defaults; the avatar is decoded from base64.
 * @throws ValidationError naming the first field of the wrong type.
 */
export function readPersonaRecord(value: unknown, path: string): Persona {
  const { avatar: encoded, id: personaId, createdAt, updatedAt, ...rest } = personaShape(value, path);
  const init = rest as unknown as PersonaInit;
  if (encoded) init.avatar = { mime: encoded.mime, bytes: encoded.base64 };
  return { ...createPersona(init, personaId as PersonaId, createdAt), updatedAt };
}

/** A persona as written to a backup file (avatar bytes as base64). */
export function writePersonaRecord(persona: Persona): PersonaRecord {
  const { avatar, ...rest } = persona;
  return avatar ? { ...rest, avatar: { mime: avatar.mime, base64: bytesToBase64(avatar.bytes) } } : rest;
}
