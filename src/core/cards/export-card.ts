import type { PersonaInit } from '../persona/index.ts';
import { personaToCardV2, personaToCardV3, type CardExportOptions } from './persona-to-card.ts';
import { writePngCard } from './png-card.ts';
import { walkPngChunks } from './png-chunks.ts';
import { placeholderPng } from './placeholder-png.ts';

/**
 * The persona as Character Card V3 JSON text (pretty-printed, UTF-8 safe). The avatar is not
 * part of JSON cards; use {@link exportCardPng} to keep it.
 */
export function exportCardV3Json(persona: PersonaInit, options: CardExportOptions = {}): string {
  return JSON.stringify(personaToCardV3(persona, options), null, 2);
}

/** The avatar's PNG bytes when it is a readable PNG, else undefined. */
function avatarPng(persona: PersonaInit): Uint8Array | undefined {
  const avatar = persona.avatar;
  if (avatar === undefined || avatar.mime !== 'image/png') return undefined;
  return walkPngChunks(avatar.bytes).problem === undefined ? avatar.bytes : undefined;
}

/**
 * The persona as a PNG card carrying a `ccv3` (V3) and a `chara` (V2) tEXt chunk. The image is
 * the persona's PNG avatar; when there is none, or it is not a PNG (JPEG/WebP cannot carry
 * the chunks) or it is damaged, a placeholder coloured from the name is used instead.
 */
export function exportCardPng(persona: PersonaInit, options: CardExportOptions = {}): Uint8Array {
  const v2 = personaToCardV2(persona, options);
  const v3 = personaToCardV3(persona, options);
  return writePngCard(avatarPng(persona) ?? placeholderPng(persona.name), v2, v3);
}
