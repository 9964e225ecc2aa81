import { checkThumbnail, MAX_THUMB_BYTES } from '../avatar.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { PersonaId } from '../ids.ts';
import { createPersona, PROTECTIVE_KINDS, type CardOrigin, type Persona, type PersonaInit } from '../persona/index.ts';
import type { StyleSettings } from '../style-controls.ts';
import { base64ToBytes, bytesToBase64 } from './binary-codec.ts';
import type { CardOriginRecord, PersonaRecord } from './backup-format.ts';
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

/** Style levels by control id (a persona's style, a chat's own); unknown controls are kept as numbers too. */
export const styleLevels: Check<Partial<StyleSettings>> = (value, path) => {
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

/** A lore entry: of a persona's own lore book or of a world book (with its world-info settings). */
export const loreEntry = object(
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
    position: optional(oneOf('before-character', 'after-character', 'before-note', 'after-note', 'at-depth')),
    depth: optNumber,
    secondaryLogic: optional(oneOf('and-any', 'not-all', 'not-any', 'and-all')),
    probability: optNumber,
    wholeWords: optional(bool),
    scanDepth: optNumber,
    excludeRecursion: optional(bool),
    preventRecursion: optional(bool),
    extra: jsonObject,
  },
  { keepUnknown: true },
);

/** A kept protective scene: its kind, what is said to the character and the character's answer. */
const protectiveExample = object({ kind: oneOf(...PROTECTIVE_KINDS), user: text, character: text });

const card = object({
  spec: oneOf('chara_card_v1', 'chara_card_v2', 'chara_card_v3'),
  specVersion: text,
  unknownFields: jsonObject,
  extensions: jsonObject,
  bookExtra: optional(jsonObject),
  iconPath: optText,
  packedFiles: optional(array(object({ path: text, base64: (v, p) => base64ToBytes(v, p) }))),
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
    authorsNote: optional(object({ text, depth: integer, every: integer })),
    user: optional(object({ name: optText, description: optText }, { keepUnknown: true })),
    style: optional(styleLevels),
    stylePinned: optTexts,
    initialState: optional(object({ mood: text, closeness: finite })),
    boundary: optional(object({ era: optText, knows: optText, cannotKnow: optTexts }, { keepUnknown: true })),
    protectiveExamples: optional(array(protectiveExample)),
    sampling: optional(sampling),
    voice: optional(
      object({ voiceURI: optText, rate: finite, pitch: finite, narration: oneOf('skip', 'other-voice'), narrationVoiceURI: optText }, { keepUnknown: true }),
    ),
    lore: optional(array(loreEntry)),
    bookIds: optional(array(id)),
    tags: optTexts,
    creator: optText,
    creatorNotes: optText,
    avatar: optional(avatar),
    avatarThumb: optional(avatar),
    card: optional(card),
    createdAt: finite,
    updatedAt: finite,
  },
  { keepUnknown: true },
);

/**
 * Checks a persona from a backup and completes it: fields an older release did not have get
 * their defaults; the avatar and its thumbnail are decoded from base64 (a thumbnail must be a
 * WebP, JPEG or PNG within the thumbnail size limit).
 * @throws ValidationError naming the first field of the wrong type.
 */
export function readPersonaRecord(value: unknown, path: string): Persona {
  const { avatar: encoded, avatarThumb: thumb, id: personaId, createdAt, updatedAt, ...rest } = personaShape(value, path);
  const init = rest as unknown as PersonaInit;
  if (encoded) init.avatar = { mime: encoded.mime, bytes: encoded.base64 };
  const packed = rest.card?.packedFiles;
  if (init.card && packed) init.card.packedFiles = packed.map((f) => ({ path: f.path, bytes: f.base64 }));
  if (thumb) init.avatarThumb = thumbnail({ mime: thumb.mime, bytes: thumb.base64 }, `${path}.avatarThumb`);
  return { ...createPersona(init, personaId as PersonaId, createdAt), updatedAt };
}

function thumbnail(image: { mime: string; bytes: Uint8Array }, path: string): { mime: string; bytes: Uint8Array } {
  try {
    return checkThumbnail(image);
  } catch (error) {
    if (error instanceof ValidationError) throw damaged(path, msg('backup.expected.thumbnail', { max: MAX_THUMB_BYTES / 1024 }));
    throw error;
  }
}

/** A card origin as written to a backup file (the files a CHARX card kept, as base64). */
function writeCardOrigin(origin: CardOrigin): CardOriginRecord {
  const { packedFiles, ...rest } = origin;
  return packedFiles ? { ...rest, packedFiles: packedFiles.map((f) => ({ path: f.path, base64: bytesToBase64(f.bytes) })) } : rest;
}

/** A persona as written to a backup file (avatar and thumbnail bytes as base64). */
export function writePersonaRecord(persona: Persona): PersonaRecord {
  const { avatar, avatarThumb, card: origin, ...rest } = persona;
  const record: PersonaRecord = rest;
  if (origin) record.card = writeCardOrigin(origin);
  if (avatar) record.avatar = { mime: avatar.mime, base64: bytesToBase64(avatar.bytes) };
  if (avatarThumb) record.avatarThumb = { mime: avatarThumb.mime, base64: bytesToBase64(avatarThumb.bytes) };
  return record;
}
