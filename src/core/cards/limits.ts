/** Largest card file EGOS reads (20 MB); larger files are refused before any parsing. */
export const MAX_CARD_BYTES = 20 * 1024 * 1024;

/** Deepest nesting of objects/lists accepted in card JSON (real cards use well under 20). */
export const MAX_JSON_DEPTH = 100;
