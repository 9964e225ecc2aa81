/** Character Card V1/V2/V3 import and export (PNG, JSON and CHARX), pure TypeScript on Uint8Array. */
export { importCard, type CardImport } from './import-card.ts';
export { exportCardPng, exportCardV3Json } from './export-card.ts';
export { exportCharx, isZipArchive, type ZipCodec, type ZipEntryInfo, type ZipFile } from './charx.ts';
export { personaToCardV2, personaToCardV3, type CardExportOptions } from './persona-to-card.ts';
export { containsMarkup } from './markup-scan.ts';
export { placeholderPng } from './placeholder-png.ts';
// For world books (core/lore): a card's lore book on its own, and the JSON checks cards use.
export { readLoreBook } from './lore-book.ts';
export { jsonDepth } from './card-json.ts';
export { describeJsonType, type JsonObject } from './json-fields.ts';
export { MAX_CARD_BYTES, MAX_JSON_DEPTH } from './limits.ts';
export { decodeBase64, encodeBase64 } from './base64.ts';
