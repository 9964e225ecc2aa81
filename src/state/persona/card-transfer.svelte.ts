/** The card codec, loaded on first use (kept out of the initial download). */
const loadCards = () => import('../../core/cards/index.ts');
/** The world book file reader, to tell a book picked by mistake from a card (loaded on first use). */
const loadBookFiles = () => import('../../core/lore/book-file.ts');
import { type ImageThumbnailer, makeThumbnail } from '../../core/avatar.ts';
import { ValidationError } from '../../core/errors/index.ts';
import type { ZipCodec } from '../../core/cards/index.ts';
import { findDuplicate, type Persona, type PersonaInit } from '../../core/persona/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import type { ImportedBook } from '../lore/book-library.svelte.ts';

/** What the state layer needs of a picked file (a browser `File` fits). */
export interface PickedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What the user does with a card that matches a stored persona: replace that one (keeping its chats, memories and books), or keep both. */
export type DuplicateChoice = 'replace' | 'keep-both';

/** A card read from a file, waiting for the user to review and save it. */
export interface PendingImport {
  init: PersonaInit;
  /** What the user should know about the import. */
  warnings: Message[];
  fileName: string;
  /** The stored persona this card matches (same name and creator, see `core/persona/duplicate-import.ts`), if any. */
  duplicateOf?: Persona;
  /** The answer to the duplicate question; unset until the user answers. */
  choice?: DuplicateChoice;
}

/** What card import reads from the rest of the app (both optional: tests leave them out). */
export interface CardImportDeps {
  /** The stored personas, to find a duplicate. */
  personas?: () => readonly Persona[];
  /** Makes the thumbnail of the card's picture. */
  thumbnailer?: ImageThumbnailer;
  /** Loads the zip library for CHARX cards; absent: a .charx file is refused with a reason. */
  loadZip?: () => Promise<ZipCodec>;
  /** Stores a world book (a lore book file picked here is imported as a book); absent: such a file is refused as "not a card". */
  importBook?: (bytes: Uint8Array, fileName: string) => Promise<ImportedBook>;
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
  /** The world book the last file turned out to be, stored as a book (for the notice that names it). */
  importedBook = $state.raw<ImportedBook | null>(null);
  #deps: CardImportDeps;

  constructor(deps: CardImportDeps = {}) {
    this.#deps = deps;
  }

  /**
   * Reads a character card (PNG, JSON or CHARX) and makes the thumbnail of its picture (a picture that
   * cannot be decoded is a warning: the persona shows its initial). On success the persona waits
   * in `pending` for review, with the stored persona it matches, if any, and true is returned; on
   * failure `error` says what is wrong and `pending` is unchanged. A world book file (SillyTavern
   * World Info, a card's lore book, RisuAI, Agnai) is stored as a book instead: `importedBook`
   * names it and false is returned.
   */
  async read(file: PickedFile): Promise<boolean> {
    this.reading = true;
    this.error = null;
    this.importedBook = null;
    try {
      const { importCard, isZipArchive, MAX_CARD_BYTES } = await loadCards();
      const bytes = await readPickedFile(file, MAX_CARD_BYTES);
      if (this.#deps.importBook && (await loadBookFiles()).isBookFile(bytes)) {
        this.importedBook = await this.#deps.importBook(bytes, file.name);
        return false;
      }
      const zip = isZipArchive(bytes) ? await this.#deps.loadZip?.() : undefined;
      const result = importCard(bytes, file.name, zip);
      const init = result.persona;
      const warnings = [...result.warnings];
      if (init.avatar && this.#deps.thumbnailer) {
        try {
          init.avatarThumb = await makeThumbnail(init.avatar, this.#deps.thumbnailer);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          warnings.push(msg('avatar.warning.cardPicture', { error: error.text }));
        }
      }
      const duplicateOf = findDuplicate(init, this.#deps.personas?.() ?? []);
      this.pending = { init, warnings, fileName: file.name, ...(duplicateOf ? { duplicateOf } : {}) };
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.reading = false;
    }
  }

  /** Answers the duplicate question of the card under review. */
  choose(choice: DuplicateChoice): void {
    if (this.pending) this.pending = { ...this.pending, choice };
  }

  /** Drops the card under review (after it was saved or abandoned). */
  clear(): void {
    this.pending = null;
  }

  /** Hides the last failure message. */
  dismissError(): void {
    this.error = null;
  }

  /** Hides the notice of a world book imported from this input. */
  dismissImportedBook(): void {
    this.importedBook = null;
  }
}

/** A download name from the persona's name: letters (any script), digits, spaces and dashes. */
export function cardFileName(name: string, extension: CardFormat): string {
  const stem = name
    .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${stem || 'character'}.${extension}`;
}

/** The file formats a card is exported in. */
export type CardFormat = 'png' | 'json' | 'charx';

/** Card export: the persona as a PNG card (V3 + V2 chunks), V3 JSON, or a CHARX zip with its pictures and files. */
export class CardExport {
  /** The last failure, or null. */
  error = $state.raw<Message | null>(null);
  #loadZip: (() => Promise<ZipCodec>) | undefined;

  /** `loadZip` loads the zip library for CHARX (absent: CHARX export fails with a reason). */
  constructor(loadZip?: () => Promise<ZipCodec>) {
    this.#loadZip = loadZip;
  }

  /** The persona as a downloadable card, or null with `error` set. */
  async build(persona: Persona, format: CardFormat): Promise<CardDownload | null> {
    this.error = null;
    try {
      const { exportCardPng, exportCardV3Json, exportCharx } = await loadCards();
      let blob: Blob;
      if (format === 'png') blob = new Blob([new Uint8Array(exportCardPng(persona))], { type: 'image/png' });
      else if (format === 'json') blob = new Blob([exportCardV3Json(persona)], { type: 'application/json' });
      else {
        if (!this.#loadZip) throw new ValidationError('unsupported', msg('card.error.noZip'));
        blob = new Blob([new Uint8Array(exportCharx(persona, await this.#loadZip()))], { type: 'application/zip' });
      }
      return { blob, fileName: cardFileName(persona.name, format) };
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    }
  }
}
