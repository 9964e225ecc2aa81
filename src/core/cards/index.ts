/** Character Card V1/V2/V3 import and export (PNG and JSON), pure TypeScript on Uint8Array. */
export { importCard, type CardImport } from './import-card.ts';
export { exportCardPng, exportCardV3Json } from './export-card.ts';
export { personaToCardV2, personaToCardV3, type CardExportOptions } from './persona-to-card.ts';
export { containsMarkup } from './markup-scan.ts';
export { placeholderPng } from './placeholder-png.ts';
export { MAX_CARD_BYTES } from './limits.ts';
export { decodeBase64, encodeBase64 } from './base64.ts';
