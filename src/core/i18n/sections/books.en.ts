import { addSection } from '../sections.ts';

/** The English texts of world book files: import and export (section `books`: keys `book.`); registered when this part of the app loads. */
export const booksEn = addSection('books', {
  // World books
  // World book files: import and export
  'book.error.inFile': '"{file}": {error}',
  'book.error.empty': 'This file is empty. Pick a world book file (JSON).',
  'book.error.tooLarge': 'This file is {size} MB; a world book file can be at most {max} MB. Nothing was imported.',
  'book.error.image': 'This file is an image, not a world book. A character card PNG goes to "Import card" on the Personas screen.',
  'book.error.notText': 'This file is not text (not UTF-8), so it is not a world book. World books are JSON files.',
  'book.error.notJson': 'This file is not valid JSON{detail}, so it is not a world book. Export the book again from its app.',
  'book.error.tooDeep': 'This file is nested more than {depth} levels deep, which EGOS does not accept. Nothing was imported.',
  'book.error.notObject': 'This JSON file is not a world book: a book is an object with "entries". Nothing was imported.',
  'book.error.isBackup': 'This file is an EGOS backup, not a world book. Restore it on the Data page.',
  'book.error.isCard': 'This file is a character card, not a world book. Import it with "Import card" on the Personas screen; its lore book comes with it.',
  'book.error.unknownSpec': 'This file is in the format "{format}", which is not a world book EGOS reads. Nothing was imported.',
  'book.error.unknownFormat':
    'This JSON file is not a world book EGOS reads. EGOS reads SillyTavern World Info, the lore book of a character card, RisuAI lorebooks and Agnai memory books. Nothing was imported.',
  'book.error.tooManyEntries': 'This book has {count} entries; one book can hold at most {max}. Split it into smaller books. Nothing was imported.',
  'book.field.wrongType': 'The book\'s field "{path}" should be {expected} but is {actual}. The file is damaged or not a world book; nothing was imported.',
  'book.expected.entriesObject': 'an object of entries keyed by their uid (SillyTavern World Info)',
  'book.warning.examplePositions': 'Entries placed among the example messages in SillyTavern: {count}. EGOS puts them before the character.',
  'book.warning.risuFolders': 'RisuAI folders are not entries and were left out of the list: {count}. Their entries were imported.',
  'book.warning.agnaiWildcards': 'Entries with a * or ? wildcard in a keyword: {count}. EGOS matches these characters as written; edit those keys if needed.',
} as const);
