import { newId } from '../../core/ids.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { entryMatches, MAX_BOOK_ENTRIES, newLoreEntry, type WorldBook } from '../../core/lore/world-book.ts';
import type { LoreEntry, LorePosition, SecondaryLogic } from '../../core/persona/index.ts';
import { errorMessage } from '../app/error-message.ts';

/** One entry as the book editor edits it: lists one item per line, numbers as typed. */
export interface EntryRow {
  id: string;
  comment: string;
  keys: string;
  secondaryKeys: string;
  secondaryLogic: SecondaryLogic;
  content: string;
  enabled: boolean;
  constant: boolean;
  order: string;
  position: LorePosition;
  depth: string;
  caseSensitive: boolean;
  wholeWords: boolean;
  probability: string;
  excludeRecursion: boolean;
  preventRecursion: boolean;
}

/** The depth an at-depth entry takes when none is set. */
const DEFAULT_DEPTH = 4;

/** Items of a one-per-line text, trimmed, blanks dropped (a key may hold commas: `/a{1,3}/`). */
function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function rowOf(entry: LoreEntry): EntryRow {
  return {
    id: entry.id,
    comment: entry.comment ?? '',
    keys: entry.keys.join('\n'),
    secondaryKeys: entry.secondaryKeys.join('\n'),
    secondaryLogic: entry.secondaryLogic ?? 'and-any',
    content: entry.content,
    enabled: entry.enabled,
    constant: entry.constant,
    order: String(entry.insertionOrder),
    position: entry.position ?? 'after-character',
    depth: String(entry.depth ?? DEFAULT_DEPTH),
    caseSensitive: entry.caseSensitive,
    wholeWords: entry.wholeWords ?? false,
    probability: entry.probability === undefined ? '' : String(entry.probability),
    excludeRecursion: entry.excludeRecursion ?? false,
    preventRecursion: entry.preventRecursion ?? false,
  };
}

/** The value to store: unset stays unset while the row shows the default. */
function kept<T>(original: T | undefined, value: T, shownDefault: T): T | undefined {
  return original === undefined && value === shownDefault ? undefined : value;
}

/** The number typed, or NaN (blank and anything unreadable alike; a comma counts as the decimal point). */
function numberOf(text: string): number {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Sets or removes an optional field. */
function setOptional<K extends keyof LoreEntry>(entry: LoreEntry, key: K, value: LoreEntry[K] | undefined): void {
  if (value === undefined) delete entry[key];
  else entry[key] = value;
}

/**
 * The book editor: the name, the description and every entry as form rows (every field of an
 * entry: keys, secondary keys and their logic, content, enabled, always on, order, position and
 * depth, case sensitivity, whole words, chance, the recursion opt-outs, the title), adding and
 * removing entries, and searching them. Nothing is stored until `save`; fields the editor does
 * not show (those kept from an imported file) are carried over.
 */
export class BookEditor {
  name = $state('');
  description = $state('');
  rows = $state<EntryRow[]>([]);
  /** Words the shown entries must hold (keys, content or title). */
  query = $state('');
  /** Why the last save was refused; empty when it was not. */
  problems = $state.raw<Message[]>([]);
  saving = $state(false);
  /** True after a save, until the next one starts. */
  saved = $state(false);
  #base = $state.raw<WorldBook>(null as unknown as WorldBook);
  #save: (book: WorldBook) => Promise<WorldBook>;

  /** `save` stores the edited book and returns it as stored (the library's `save`). */
  constructor(book: WorldBook, save: (book: WorldBook) => Promise<WorldBook>) {
    this.#base = book;
    this.#save = save;
    this.#reset(book);
  }

  /** The book as it was opened or last saved. */
  get book(): WorldBook {
    return this.#base;
  }

  /** The rows that match the search (every row for a blank one). */
  get visible(): EntryRow[] {
    if (this.query.trim() === '') return this.rows;
    return this.rows.filter((row) =>
      entryMatches(
        newLoreEntry(row.id, { keys: lines(row.keys), secondaryKeys: lines(row.secondaryKeys), comment: row.comment, content: row.content }),
        this.query,
      ),
    );
  }

  /** Adds an empty, enabled entry at the end and returns its id; a search that would hide it is cleared. */
  addEntry(): string {
    const row = rowOf(newLoreEntry(`new-${newId()}`));
    this.rows.push(row);
    this.query = '';
    return row.id;
  }

  /** Removes the entry with this id (from the form; stored when the book is saved). */
  removeEntry(id: string): void {
    const index = this.rows.findIndex((row) => row.id === id);
    if (index >= 0) this.rows.splice(index, 1);
  }

  /** Checks the form and saves the book; false with `problems` set when it was not saved. */
  async save(): Promise<boolean> {
    this.saved = false;
    const { book, problems } = this.#edited();
    this.problems = problems;
    if (problems.length > 0) return false;
    this.saving = true;
    try {
      const stored = await this.#save(book);
      this.#reset(stored);
      this.saved = true;
      return true;
    } catch (error) {
      this.problems = [errorMessage(error)];
      return false;
    } finally {
      this.saving = false;
    }
  }

  #reset(book: WorldBook): void {
    this.#base = book;
    this.name = book.name;
    this.description = book.description;
    this.rows = book.entries.map(rowOf);
  }

  #edited(): { book: WorldBook; problems: Message[] } {
    const problems: Message[] = [];
    if (this.name.trim() === '') problems.push(msg('bookEditor.problem.name'));
    if (this.rows.length > MAX_BOOK_ENTRIES) problems.push(msg('bookEditor.problem.tooMany', { max: MAX_BOOK_ENTRIES }));
    const existing = new Map(this.#base.entries.map((entry) => [entry.id, entry]));
    const entries = this.rows.map((row, index) => this.#entry(row, existing.get(row.id), index + 1, problems));
    return { book: { ...this.#base, name: this.name, description: this.description.trim(), entries }, problems };
  }

  #entry(row: EntryRow, original: LoreEntry | undefined, number: number, problems: Message[]): LoreEntry {
    const keys = row.keys === original?.keys.join('\n') ? [...original.keys] : lines(row.keys);
    const secondaryKeys = row.secondaryKeys === original?.secondaryKeys.join('\n') ? [...original.secondaryKeys] : lines(row.secondaryKeys);
    const entry: LoreEntry = {
      ...(original ?? newLoreEntry(newId())),
      extra: { ...original?.extra },
      keys,
      secondaryKeys,
      selective: original?.selective || secondaryKeys.length > 0,
      content: row.content,
      enabled: row.enabled,
      constant: row.constant,
      caseSensitive: row.caseSensitive,
    };
    const order = numberOf(row.order);
    if (Number.isFinite(order)) entry.insertionOrder = order;
    else problems.push(msg('bookEditor.problem.order', { number }));
    setOptional(entry, 'comment', row.comment.trim() === '' ? undefined : row.comment.trim());
    setOptional(entry, 'secondaryLogic', kept(original?.secondaryLogic, row.secondaryLogic, 'and-any'));
    setOptional(entry, 'position', kept(original?.position, row.position, 'after-character'));
    // A slot kept from SillyTavern (example messages) no longer applies once the position changes.
    if (row.position !== (original?.position ?? 'after-character')) delete entry.extra.position;
    if (row.position === 'at-depth') {
      const depth = numberOf(row.depth);
      if (Number.isInteger(depth) && depth >= 0) setOptional(entry, 'depth', kept(original?.depth, depth, DEFAULT_DEPTH));
      else problems.push(msg('bookEditor.problem.depth', { number }));
    }
    setOptional(entry, 'wholeWords', kept(original?.wholeWords, row.wholeWords, false));
    setOptional(entry, 'excludeRecursion', kept(original?.excludeRecursion, row.excludeRecursion, false));
    setOptional(entry, 'preventRecursion', kept(original?.preventRecursion, row.preventRecursion, false));
    if (row.probability.trim() === '') delete entry.probability;
    else {
      const chance = numberOf(row.probability);
      if (chance >= 0 && chance <= 100) entry.probability = chance;
      else problems.push(msg('bookEditor.problem.probability', { number }));
    }
    return entry;
  }
}
