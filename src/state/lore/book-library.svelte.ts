/** The book file codec, loaded on first use (kept out of the initial download). */
const loadBookFiles = () => import('../../core/lore/book-file.ts');
import { ValidationError } from '../../core/errors/index.ts';
import { newId } from '../../core/ids.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { createWorldBook, entryMatches, MAX_BOOK_NAME, type BookId, type WorldBook } from '../../core/lore/world-book.ts';
import type { LoreEntry, Persona } from '../../core/persona/index.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';
import { Settings } from '../app/settings.ts';
import { readPickedFile, type PickedFile } from '../persona/card-transfer.svelte.ts';

/** What the book library needs from the app's services. */
export type BookServices = Pick<AppServices, 'repo' | 'now'>;

/** The personas, as the library changes their attached books (the persona store fits). */
export interface BookPersonas {
  readonly list: readonly Persona[];
  update(persona: Persona): Promise<void>;
}

/** A book just imported, for the notice that names it. */
export interface ImportedBook {
  id: BookId;
  name: string;
  entries: number;
  /** What the user should know about the import. */
  warnings: Message[];
}

/** An entry found by {@link BookLibrary.search}. */
export interface BookMatch {
  book: WorldBook;
  entry: LoreEntry;
}

/** A book file ready to be downloaded. */
export interface BookDownload {
  blob: Blob;
  fileName: string;
}

/** Most search results listed at once. */
const MAX_MATCHES = 200;

/**
 * A book's name, cleaned.
 * @throws ValidationError `empty` or `too-large`.
 */
function checkBookName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (clean === '') throw new ValidationError('empty', msg('bookEditor.problem.name'));
  if ([...clean].length > MAX_BOOK_NAME) throw new ValidationError('too-large', msg('bookEditor.problem.nameTooLong', { max: MAX_BOOK_NAME }));
  return clean;
}

/** Without `id`; undefined when nothing is left. */
function without(ids: readonly BookId[] | undefined, id: BookId): BookId[] | undefined {
  const left = (ids ?? []).filter((b) => b !== id);
  return left.length > 0 ? left : undefined;
}

/**
 * The world book library: every stored book, the global list (books on in every chat), import
 * and export of book files, creating, saving and deleting books (a deleted book is detached from
 * every persona and chat), attaching books to personas, and searching entries. Chats attach
 * their own books through their session (`ChatSession.setBookIds`). Actions that the interface
 * starts report a failure in `error` and return false; nothing stored changes then.
 */
export class BookLibrary {
  /** Every book, by name. */
  list = $state.raw<WorldBook[]>([]);
  /** Books on in every chat. */
  global = $state.raw<BookId[]>([]);
  loaded = $state(false);
  /** True while a book file is read. */
  reading = $state(false);
  /** The last failure, to show until dismissed. */
  error = $state.raw<Message | null>(null);
  /** The book imported last on the books screen, for its notice. */
  imported = $state.raw<ImportedBook | null>(null);
  #services: BookServices;
  #personas: BookPersonas;
  #onPersonaChanged: (persona: Persona) => void;

  /** `onPersonaChanged` runs after a persona's books changed (an open chat of it reloads). */
  constructor(services: BookServices, personas: BookPersonas, onPersonaChanged: (persona: Persona) => void = () => {}) {
    this.#services = services;
    this.#personas = personas;
    this.#onPersonaChanged = onPersonaChanged;
  }

  /** Reads the books and the global list. Failures propagate (the caller reports them). */
  async load(): Promise<void> {
    const [list, attachments] = await Promise.all([this.#services.repo.books.list(), new Settings(this.#services.repo.settings).get('books')]);
    this.list = list;
    this.global = attachments?.global ?? [];
    this.loaded = true;
  }

  get(id: BookId): WorldBook | undefined {
    return this.list.find((b) => b.id === id);
  }

  /** True when the book is on in every chat. */
  isGlobal(id: BookId): boolean {
    return this.global.includes(id);
  }

  /**
   * Reads a book file and stores it as a new book.
   * @throws ValidationError naming the file and the problem (nothing is stored then); StorageError.
   */
  async importBytes(bytes: Uint8Array, fileName: string): Promise<ImportedBook> {
    const { importBook } = await loadBookFiles();
    const result = importBook(bytes, fileName);
    const book = createWorldBook(result.book, newId<BookId>(), this.#services.now());
    await this.#services.repo.books.put(book);
    this.#replace(book);
    return { id: book.id, name: book.name, entries: book.entries.length, warnings: result.warnings };
  }

  /** Imports a picked book file; on success `imported` names it, on failure `error` says why. */
  async importFile(file: PickedFile): Promise<ImportedBook | null> {
    this.reading = true;
    this.error = null;
    this.imported = null;
    try {
      const { MAX_BOOK_BYTES } = await loadBookFiles();
      const imported = await this.importBytes(await readPickedFile(file, MAX_BOOK_BYTES), file.name);
      this.imported = imported;
      return imported;
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    } finally {
      this.reading = false;
    }
  }

  /** The book as a SillyTavern World Info file, or null with `error` set. */
  async exportFile(book: WorldBook): Promise<BookDownload | null> {
    this.error = null;
    try {
      const { exportBookJson, bookFileName } = await loadBookFiles();
      return { blob: new Blob([exportBookJson(book)], { type: 'application/json' }), fileName: bookFileName(book.name) };
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    }
  }

  /** Creates an empty book, or returns null with `error` set. */
  async create(name: string): Promise<WorldBook | null> {
    return this.#attempt(async () => {
      const book = createWorldBook({ name: checkBookName(name) }, newId<BookId>(), this.#services.now());
      await this.#services.repo.books.put(book);
      this.#replace(book);
      return book;
    });
  }

  /**
   * Saves a book as edited (its name checked, the time of the change noted).
   * @throws ValidationError for a name that is empty or too long; StorageError.
   */
  async save(book: WorldBook): Promise<WorldBook> {
    const next: WorldBook = { ...book, name: checkBookName(book.name), updatedAt: this.#services.now() };
    await this.#services.repo.books.put(next);
    this.#replace(next);
    return next;
  }

  /** Renames a book; false with `error` set on a failure. */
  async rename(id: BookId, name: string): Promise<boolean> {
    const book = this.get(id);
    if (!book) return false;
    return (await this.#attempt(() => this.save({ ...book, name }))) !== null;
  }

  /**
   * Deletes a book and takes it off the global list and off every persona and chat it is
   * attached to; false with `error` set on a failure.
   */
  async remove(id: BookId): Promise<boolean> {
    const done = await this.#attempt(async () => {
      if (this.isGlobal(id)) await this.#saveGlobal(this.global.filter((b) => b !== id));
      for (const persona of this.#personas.list) {
        if (persona.bookIds?.includes(id)) await this.#updatePersona(persona, without(persona.bookIds, id));
      }
      for (const persona of await this.#services.repo.personas.list()) {
        for (const chat of await this.#services.repo.chats.listByPersona(persona.id)) {
          if (!chat.bookIds?.includes(id)) continue;
          const { bookIds: _previous, ...rest } = chat;
          const left = without(chat.bookIds, id);
          await this.#services.repo.chats.put(left ? { ...rest, bookIds: left } : rest);
        }
      }
      await this.#services.repo.books.delete(id);
      this.list = this.list.filter((b) => b.id !== id);
      return true;
    });
    return done !== null;
  }

  /** Turns a book on or off in every chat; false with `error` set on a failure. */
  async setGlobal(id: BookId, on: boolean): Promise<boolean> {
    const next = on ? [...new Set([...this.global, id])] : this.global.filter((b) => b !== id);
    return (await this.#attempt(() => this.#saveGlobal(next).then(() => true))) !== null;
  }

  /** Attaches a book to a persona or detaches it; false with `error` set on a failure. */
  async setPersonaBook(persona: Persona, id: BookId, on: boolean): Promise<boolean> {
    const current = this.#personas.list.find((p) => p.id === persona.id) ?? persona;
    const ids = on ? [...new Set([...(current.bookIds ?? []), id])] : without(current.bookIds, id);
    return (await this.#attempt(() => this.#updatePersona(current, ids).then(() => true))) !== null;
  }

  /**
   * Entries of every book whose keys, secondary keys, content or comment hold every word of
   * `query` (any case; Chinese inside sentences), books by name, at most 200; none for a blank query.
   */
  search(query: string): BookMatch[] {
    if (query.trim() === '') return [];
    const matches: BookMatch[] = [];
    for (const book of this.list) {
      for (const entry of book.entries) {
        if (!entryMatches(entry, query)) continue;
        matches.push({ book, entry });
        if (matches.length >= MAX_MATCHES) return matches;
      }
    }
    return matches;
  }

  /** Hides the last failure. */
  dismissError(): void {
    this.error = null;
  }

  /** Hides the notice of the last import. */
  dismissImported(): void {
    this.imported = null;
  }

  async #saveGlobal(ids: BookId[]): Promise<void> {
    await new Settings(this.#services.repo.settings).set('books', { global: ids });
    this.global = ids;
  }

  async #updatePersona(persona: Persona, bookIds: BookId[] | undefined): Promise<void> {
    const { bookIds: _previous, ...rest } = persona;
    const next: Persona = bookIds ? { ...rest, bookIds } : rest;
    await this.#personas.update(next);
    this.#onPersonaChanged(next);
  }

  #replace(book: WorldBook): void {
    this.list = [...this.list.filter((b) => b.id !== book.id), book].sort((a, b) => a.name.localeCompare(b.name));
  }

  async #attempt<T>(run: () => Promise<T>): Promise<T | null> {
    this.error = null;
    try {
      return await run();
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    }
  }
}
