import { ValidationError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import { decodeBase64 } from './base64.ts';
import { decodeUtf8, parseCardJson } from './card-json.ts';
import { cardToPersona, type CardImport } from './card-to-persona.ts';
import { readCharx, type ZipCodec } from './charx.ts';
import type { JsonObject } from './json-fields.ts';
import { MAX_CARD_BYTES } from './limits.ts';
import { cardChunkText, readPngCard, type PngCardChunk } from './png-card.ts';
import { sniffCardFile } from './sniff.ts';

/** What `error` tells the user, as a message (its English text when it carries none). */
function messageOf(error: ValidationError): Message {
  return error.text;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/** Parses the text of a card chunk: base64 of UTF-8 JSON (raw JSON is tolerated too). */
function parseChunkText(text: string): JsonObject {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return parseCardJson(trimmed);
  return parseCardJson(decodeUtf8(decodeBase64(trimmed)));
}

function parseCardChunk(card: PngCardChunk): JsonObject {
  return parseChunkText(cardChunkText(card));
}

/** Reads the card from a PNG; an unreadable `ccv3` falls back to the `chara` copy with a warning. */
function readPng(bytes: Uint8Array, warnings: Message[]): { card: JsonObject; image: Uint8Array } {
  const { cards, image } = readPngCard(bytes);
  const [first, second] = cards;
  if (first === undefined) throw new ValidationError('no-card', msg('card.png.noCharacter'));
  try {
    return { card: parseCardChunk(first), image };
  } catch (error) {
    if (!(error instanceof ValidationError) || second === undefined) throw error;
    warnings.push(msg('card.warning.v3Unreadable', { error: messageOf(error) }));
    return { card: parseCardChunk(second), image };
  }
}

function stem(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base.replace(/\.[^.]*$/, '');
}

function readCard(bytes: Uint8Array, fileName: string, zip: ZipCodec | undefined): CardImport {
  if (bytes.length === 0) throw new ValidationError('empty', msg('card.error.empty'));
  if (bytes.length > MAX_CARD_BYTES) {
    throw new ValidationError('too-large', msg('card.error.tooLarge', { size: megabytes(bytes.length), max: megabytes(MAX_CARD_BYTES) }));
  }
  const warnings: Message[] = [];
  const kind = sniffCardFile(bytes, fileName);
  if (kind === 'charx') {
    if (!zip) throw new ValidationError('unsupported', msg('card.error.otherFormat', { format: msg('card.format.zip') }));
    return readCharx(bytes, stem(fileName), zip);
  }
  if (kind === 'json') {
    const result = cardToPersona(parseCardJson(decodeUtf8(bytes)), stem(fileName));
    return { persona: result.persona, warnings: [...warnings, ...result.warnings] };
  }
  const { card, image } = readPng(bytes, warnings);
  const result = cardToPersona(card, stem(fileName));
  result.persona.avatar = { mime: 'image/png', bytes: image };
  return { persona: result.persona, warnings: [...warnings, ...result.warnings] };
}

/**
 * Reads a character card (PNG with `ccv3`/`chara` chunks, V1/V2/V3 JSON, or a CHARX zip when
 * `zip` is given; detected by content, not by name) into a persona the caller can pass to
 * `createPersona`. Pure: nothing is stored.
 * `warnings` tell the user what to check (HTML in fields, a missing name, a newer format, …).
 * Any error's message starts with the file name and says what to do.
 * @throws {ValidationError} `empty`, `too-large` (over 20 MB, checked first), `not-png`,
 *   `truncated`, `invalid`, `no-card`, `bad-base64`, `bad-json`, `wrong-type` or `unsupported`;
 *   for CHARX also `zip-bomb`, `unsafe-path`, `duplicate-entry` and `encrypted` (see {@link readCharx}).
 */
export function importCard(bytes: Uint8Array, fileName: string, zip?: ZipCodec): CardImport {
  try {
    return readCard(bytes, fileName, zip);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const name = fileName.trim().slice(0, 120);
    const text = messageOf(error);
    throw new ValidationError(error.code, name === '' ? text : msg('card.error.inFile', { file: name, error: text }), { cause: error });
  }
}

export type { CardImport };
