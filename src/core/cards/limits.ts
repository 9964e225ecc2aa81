/** Largest card file EGOS reads (20 MB); larger files are refused before any parsing. */
export const MAX_CARD_BYTES = 20 * 1024 * 1024;

/** Deepest nesting of objects/lists accepted in card JSON (real cards use well under 20). */
export const MAX_JSON_DEPTH = 100;

/** Most files a CHARX card may hold (real cards hold a handful to a few hundred). */
export const MAX_CHARX_ENTRIES = 1000;

/** Most bytes a CHARX card may unpack to in all (64 MB), checked before anything is inflated. */
export const MAX_CHARX_UNPACKED_BYTES = 64 * 1024 * 1024;

/** Highest compression ratio accepted for an entry of {@link RATIO_CHECK_FROM_BYTES} or more (zip bombs reach 1000:1). */
export const MAX_CHARX_RATIO = 100;

/** Entries smaller than this (1 MB) are not checked for their ratio: small text compresses well. */
export const RATIO_CHECK_FROM_BYTES = 1024 * 1024;

/** Longest file name accepted inside a CHARX card. */
export const MAX_CHARX_PATH_LENGTH = 512;

/**
 * Most bytes of a CHARX card's other files (assets besides the avatar, app data) kept with the
 * persona for export (16 MB); files past it are left out with a warning.
 */
export const MAX_CHARX_KEPT_BYTES = 16 * 1024 * 1024;
