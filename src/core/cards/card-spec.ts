import type { CardOrigin } from '../persona/index.ts';

/** Fields of `data` (V2/V3) that EGOS maps onto the persona; every other field is kept verbatim. */
export const MAPPED_DATA_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'description',
  'personality',
  'scenario',
  'first_mes',
  'mes_example',
  'creator_notes',
  'system_prompt',
  'post_history_instructions',
  'alternate_greetings',
  'character_book',
  'tags',
  'creator',
  'extensions',
]);

/** Fields of a V1 (flat) card. */
export const V1_FIELDS: ReadonlySet<string> = new Set(['name', 'description', 'personality', 'scenario', 'first_mes', 'mes_example']);

/** Spec-required fields EGOS does not map, with the default export writes when they are absent. */
export const DATA_DEFAULTS: Readonly<Record<string, unknown>> = {
  character_version: '',
  group_only_greetings: [],
};

/** The `spec` values EGOS reads. */
export type CardSpec = CardOrigin['spec'];

/**
 * Note that Character Card V3 asks apps to add to the `creator_notes` of a V2 copy written
 * alongside a V3 card; it is removed again when such a V2 copy is imported.
 */
export const V2_BACKFILL_NOTE =
  'This character card is Character Card V3, but it is loaded as a Character Card V2. Please use a Character Card V3 compatible application to use this character card properly.';
