import type { BookId, WorldBook } from '../lore/world-book.ts';
import { array, finite, id, jsonObject, object, optional, text } from './json-check.ts';
import { loreEntry } from './persona-record.ts';

const optNumber = optional(finite);

const bookShape = object(
  {
    id,
    name: text,
    description: optional(text),
    entries: array(loreEntry),
    scanDepth: optNumber,
    recursionSteps: optNumber,
    budgetPercent: optNumber,
    extra: optional(jsonObject),
    createdAt: finite,
    updatedAt: finite,
  },
  { keepUnknown: true },
);

/**
 * Checks a world book from a backup (its entries with the same rules as a persona's lore) and
 * completes it: a missing description or extra gets its default.
 * @throws ValidationError naming the first field of the wrong type.
 */
export function readBookRecord(value: unknown, path: string): WorldBook {
  const book = bookShape(value, path);
  return { ...book, id: book.id as BookId, description: book.description ?? '', extra: book.extra ?? {} } as WorldBook;
}
