import type { PersonaInit } from '../persona/index.ts';
import { DATA_DEFAULTS, MAPPED_DATA_FIELDS, V2_BACKFILL_NOTE } from './card-spec.ts';
import { EGOS_EXTENSION_KEY, writeEgosExtension } from './egos-extension.ts';
import { pickUnknown, type JsonObject } from './json-fields.ts';
import { writeLoreBook } from './lore-book.ts';

/** Choices for exporting a persona as a card. */
export interface CardExportOptions {
  /**
   * Include the user's own persona (name and description) in the EGOS extension.
   * Off by default: a shared card should not carry the user's private details.
   */
  includeUserPersona?: boolean;
}

/** The `data` object shared by the V2 and V3 exports. */
function cardData(persona: PersonaInit, options: CardExportOptions): JsonObject {
  const card = persona.card;
  const unknown = pickUnknown(card?.unknownFields ?? {}, MAPPED_DATA_FIELDS);
  const book = writeLoreBook(persona.lore ?? [], card?.bookExtra);
  return {
    ...structuredClone(DATA_DEFAULTS),
    ...unknown,
    name: persona.name,
    description: persona.description ?? '',
    personality: persona.behaviours?.personality ?? '',
    scenario: persona.scenario ?? '',
    first_mes: persona.greeting ?? '',
    mes_example: persona.sampleDialogues ?? '',
    creator_notes: persona.creatorNotes ?? '',
    system_prompt: persona.systemPrompt ?? '',
    post_history_instructions: persona.postHistoryInstructions ?? '',
    alternate_greetings: [...(persona.alternateGreetings ?? [])],
    tags: [...(persona.tags ?? [])],
    creator: persona.creator ?? '',
    extensions: {
      ...card?.extensions,
      [EGOS_EXTENSION_KEY]: writeEgosExtension(persona, options.includeUserPersona ?? false),
    },
    ...(book !== undefined ? { character_book: book } : {}),
  };
}

/**
 * The persona as a Character Card V3 object (`spec: "chara_card_v3"`). Unknown fields,
 * extensions and the lore book's own fields are written back verbatim; EGOS-only fields
 * (attributes, style, boundary, …) go to `extensions.egos`. The avatar is not included.
 */
export function personaToCardV3(persona: PersonaInit, options: CardExportOptions = {}): JsonObject {
  const version = persona.card?.spec === 'chara_card_v3' ? persona.card.specVersion : '3.0';
  return { spec: 'chara_card_v3', spec_version: version, data: cardData(persona, options) };
}

/**
 * The persona as a Character Card V2 object, the backward-compatible copy written next to V3
 * in a PNG. Its `creator_notes` end with the note the V3 spec asks for.
 */
export function personaToCardV2(persona: PersonaInit, options: CardExportOptions = {}): JsonObject {
  const data = cardData(persona, options);
  const notes = persona.creatorNotes ?? '';
  data.creator_notes = notes === '' ? V2_BACKFILL_NOTE : `${notes}\n\n${V2_BACKFILL_NOTE}`;
  return { spec: 'chara_card_v2', spec_version: '2.0', data };
}
