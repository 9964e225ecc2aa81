import { isRecord } from '../llm-output.ts';
import type { CardOrigin, PersonaInit } from '../persona/index.ts';
import { AppError, ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { DATA_DEFAULTS, MAPPED_DATA_FIELDS, V1_FIELDS, V2_BACKFILL_NOTE, type CardSpec } from './card-spec.ts';
import { EGOS_EXTENSION_KEY, readEgosExtension, type EgosFields } from './egos-extension.ts';
import { detectLanguage } from '../persona/index.ts';
import { pickUnknown, readOptionalObject, readString, readStringList, wrongType, type JsonObject } from './json-fields.ts';
import { readLoreBook } from './lore-book.ts';
import { suggestFormFor } from '../prompt/reply-form.ts';
import { findMarkupFields, markupWarning, type CardTextField } from './markup-scan.ts';

/** A persona built from a card, with notes for the user about what was found. */
export interface CardImport {
  persona: PersonaInit;
  /** What the user should know about the import (shown in the interface language). */
  warnings: Message[];
}

interface SpecChoice {
  spec: CardSpec;
  specVersion: string;
  data: JsonObject;
}

function readSpecVersion(card: JsonObject, fallback: string): string {
  const value = card.spec_version;
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value.toFixed(1);
  return fallback;
}

function readData(card: JsonObject): JsonObject {
  if (!isRecord(card.data)) throw wrongType('data', msg('card.expected.characterObject'), card.data);
  return card.data;
}

function looksLikeV1(card: JsonObject): boolean {
  return [...V1_FIELDS].some((key) => typeof card[key] === 'string');
}

/**
 * Picks the parser from the card's `spec` field (never from the PNG chunk name).
 * @throws {ValidationError} `unsupported` for other formats, `no-card` when it is no card at all.
 */
function chooseSpec(card: JsonObject): SpecChoice {
  const spec = card.spec;
  if (spec === 'chara_card_v3') return { spec, specVersion: readSpecVersion(card, '3.0'), data: readData(card) };
  if (spec === 'chara_card_v2') return { spec, specVersion: readSpecVersion(card, '2.0'), data: readData(card) };
  if (typeof spec === 'string' && /^lorebook/i.test(spec)) {
    throw new ValidationError('unsupported', msg('card.spec.loreBook'));
  }
  if (typeof spec === 'string') {
    throw new ValidationError('unsupported', msg('card.spec.unknown', { format: spec.slice(0, 40) }));
  }
  if (spec !== undefined && spec !== null) throw wrongType('spec', msg('card.expected.specText'), spec);
  if (isRecord(card.data)) return { spec: 'chara_card_v2', specVersion: readSpecVersion(card, '2.0'), data: card.data };
  if (looksLikeV1(card)) return { spec: 'chara_card_v1', specVersion: '1.0', data: card };
  throw new ValidationError('no-card', msg('card.spec.noCard'));
}

/** Drops spec-required fields that only hold their default; export writes them back. */
function withoutDefaults(fields: JsonObject): JsonObject {
  return Object.fromEntries(
    Object.entries(fields).filter(([key, value]) => {
      const fallback = DATA_DEFAULTS[key];
      if (fallback === undefined) return true;
      return !(value === fallback || (Array.isArray(value) && Array.isArray(fallback) && value.length === 0 && fallback.length === 0));
    }),
  );
}

function stripBackfillNote(notes: string): string {
  if (!notes.endsWith(V2_BACKFILL_NOTE)) return notes;
  return notes.slice(0, -V2_BACKFILL_NOTE.length).replace(/\n\n$/, '');
}

/** Splits the EGOS extension from the others; a malformed one is kept verbatim with a warning. */
function splitExtensions(extensions: JsonObject, warnings: Message[]): { rest: JsonObject; egos: EgosFields } {
  if (!(EGOS_EXTENSION_KEY in extensions)) return { rest: extensions, egos: {} };
  try {
    const egos = readEgosExtension(extensions[EGOS_EXTENSION_KEY], `extensions.${EGOS_EXTENSION_KEY}`);
    return { rest: pickUnknown(extensions, new Set([EGOS_EXTENSION_KEY])), egos };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    warnings.push(msg('card.warning.egosSettings', { error: error.text }));
    return { rest: extensions, egos: {} };
  }
}

function newerVersionWarning(choice: SpecChoice): Message | undefined {
  const version = Number.parseFloat(choice.specVersion);
  if (choice.spec !== 'chara_card_v3' || !(version > 3)) return undefined;
  return msg('card.warning.newerFormat', { version: choice.specVersion.slice(0, 12) });
}

function textFields(persona: PersonaInit): CardTextField[] {
  return [
    ['name', persona.name],
    ['description', persona.description ?? ''],
    ['personality', persona.behaviours?.personality ?? ''],
    ['scenario', persona.scenario ?? ''],
    ['first_mes', persona.greeting ?? ''],
    ...(persona.alternateGreetings ?? []).map((g, i): CardTextField => [`alternate_greetings[${i}]`, g]),
    ['mes_example', persona.sampleDialogues ?? ''],
    ['system_prompt', persona.systemPrompt ?? ''],
    ['post_history_instructions', persona.postHistoryInstructions ?? ''],
    ['creator_notes', persona.creatorNotes ?? ''],
    ...(persona.lore ?? []).map((e, i): CardTextField => [`character_book.entries[${i}].content`, e.content]),
  ];
}

/**
 * Maps a parsed card object (V1, V2 or V3, chosen by its `spec`) onto a persona. A V1 card is
 * read like V2 `data` from its top level (V1 exporters often add `tags` or `creator` there).
 * `fallbackName` is used when the card has no name (e.g. the file name without extension).
 * @throws {ValidationError} `wrong-type` naming the field, `unsupported` for other formats,
 *   `no-card` when the object is not a character card.
 */
export function cardToPersona(card: JsonObject, fallbackName: string): CardImport {
  const warnings: Message[] = [];
  const choice = chooseSpec(card);
  const { data } = choice;
  const { rest: extensions, egos } = splitExtensions(readOptionalObject(data, 'extensions', 'extensions') ?? {}, warnings);
  const book = readLoreBook(data.character_book, 'character_book');
  let name = readString(data, 'name', 'name');
  if (name.trim() === '') {
    name = fallbackName.trim() || 'Unnamed character';
    warnings.push(msg('card.warning.noName', { name }));
  }
  const creatorNotes = readString(data, 'creator_notes', 'creator_notes');
  const origin: CardOrigin = {
    spec: choice.spec,
    specVersion: choice.specVersion,
    unknownFields: withoutDefaults(pickUnknown(data, MAPPED_DATA_FIELDS)),
    extensions,
  };
  if (book.bookExtra !== undefined) origin.bookExtra = book.bookExtra;
  const persona: PersonaInit = {
    ...egos,
    name,
    description: readString(data, 'description', 'description'),
    behaviours: {
      catchphrases: [],
      dialect: '',
      speakingStyle: '',
      frequentWords: [],
      emotionalExpression: '',
      interactionPatterns: '',
      ...egos.behaviours,
      personality: readString(data, 'personality', 'personality'),
    },
    scenario: readString(data, 'scenario', 'scenario'),
    greeting: readString(data, 'first_mes', 'first_mes'),
    alternateGreetings: readStringList(data, 'alternate_greetings', 'alternate_greetings'),
    sampleDialogues: readString(data, 'mes_example', 'mes_example'),
    systemPrompt: readString(data, 'system_prompt', 'system_prompt'),
    postHistoryInstructions: readString(data, 'post_history_instructions', 'post_history_instructions'),
    tags: readStringList(data, 'tags', 'tags'),
    creator: readString(data, 'creator', 'creator'),
    creatorNotes: choice.spec === 'chara_card_v2' ? stripBackfillNote(creatorNotes) : creatorNotes,
    lore: book.lore,
    card: origin,
  };
  persona.language = egos.language ?? detectLanguage([name, persona.description ?? '', persona.greeting ?? ''].join('\n'));
  persona.replyForm =
    egos.replyForm ??
    suggestFormFor({
      name,
      user: { name: '', description: '' },
      greeting: persona.greeting ?? '',
      alternateGreetings: persona.alternateGreetings ?? [],
      sampleDialogues: persona.sampleDialogues ?? '',
    });
  const newer = newerVersionWarning(choice);
  if (newer) warnings.push(newer);
  const markup = markupWarning(findMarkupFields(textFields(persona)));
  if (markup) warnings.push(markup);
  return { persona, warnings };
}
