/** The card codec, loaded on first use (kept out of the initial download). */
const loadCards = () => import('../../core/cards/index.ts');
import { ValidationError } from '../../core/errors/index.ts';
import type { Persona, PersonaInit } from '../../core/persona/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';

/** What the state layer needs of a picked file (a browser `File` fits). */
export interface PickedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A card read from a file, waiting for the user to review and save it. */
export interface PendingImport {
  init: PersonaInit;
  /** What the user should know about the import. */
  warnings: Message[];
  fileName: string;
}

/** A file ready to be downloaded. */
export interface CardDownload {
  blob: Blob;
  fileName: string;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}

/**
 * The bytes of a picked file.
 * @throws ValidationError `too-large` before reading a file over the card limit, `invalid` when the browser cannot read it.
 */
export async function readPickedFile(file: PickedFile, maxBytes: number): Promise<Uint8Array> {
  if (file.size > maxBytes) {
    throw new ValidationError('too-large', msg('pickedFile.tooLarge', { name: file.name, size: megabytes(file.size), max: megabytes(maxBytes) }));
  }
  try {
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new ValidationError('invalid', msg('pickedFile.unreadable', { name: file.name }), { cause: error });
  }
}

/** Card import: reads a file into a persona for review; nothing is stored until the user saves. */
export class CardImport {
  pending = $state.raw<PendingImport | null>(null);
  /** The last failure, naming the file and the problem. */
  error = $state.raw<Message | null>(null);
  reading = $state(false);

  /**
   * Reads a character card (PNG or JSON). On success the persona waits in `pending` for review
   * and true is returned; on failure `error` says what is wrong and `pending` is unchanged.
   */
  async read(file: PickedFile): Promise<boolean> {
    this.reading = true;
    this.error = null;
    try {
      const { importCard, MAX_CARD_BYTES } = await loadCards();
      const bytes = await readPickedFile(file, MAX_CARD_BYTES);
      const result = importCard(bytes, file.name);
      this.pending = { init: result.persona, warnings: result.warnings, fileName: file.name };
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.reading = false;
    }
  }

  /** Drops the card under review (after it was saved or abandoned). */
  clear(): void {
    this.pending = null;
  }

  /** Hides the last failure message. */
  dismissError(): void {
    this.error = null;
  }
}

/** A download name from the persona's name: letters (any script), digits, spaces and dashes. */
export function cardFileName(name: string, extension: 'png' | 'json'): string {
  const stem = name
    .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${stem || 'character'}.${extension}`;
}

/** Card export: the persona as a PNG card (V3 + V2 chunks) or V3 JSON. */
export class CardExport {
  /** The last failure, or null. */
  error = $state.raw<Message | null>(null);

  /** The persona as a downloadable card, or null with `error` set. */
  async build(persona: Persona, format: 'png' | 'json'): Promise<CardDownload | null> {
    this.error = null;
    try {
      const { exportCardPng, exportCardV3Json } = await loadCards();
      const blob =
        format === 'png'
          ? new Blob([new Uint8Array(exportCardPng(persona))], { type: 'image/png' })
          : new Blob([exportCardV3Json(persona)], { type: 'application/json' });
      return { blob, fileName: cardFileName(persona.name, format) };
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    }
  }
}
