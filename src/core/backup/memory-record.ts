import type { Memory } from '../memory/memory.ts';
import { base64ToFloat32, float32ToBase64 } from './binary-codec.ts';
import type { MemoryRecord } from './backup-format.ts';
import { finite, id, integer, object, oneOf, optional, bool, text } from './json-check.ts';

const memoryShape = object(
  {
    id,
    personaId: id,
    chatId: optional(id),
    kind: oneOf('summary', 'fact', 'source-chunk', 'lore', 'sample-line', 'experience'),
    text,
    importance: finite,
    pinned: bool,
    createdAt: finite,
    updatedAt: finite,
    lastAccessedAt: finite,
    accessCount: finite,
    embedding: optional(object({ model: text, base64: (v, p) => base64ToFloat32(v, p) })),
    sourceMessageId: optional(id),
    range: optional(object({ fromSeq: finite, toSeq: finite })),
    level: optional(integer),
    when: optional(text),
  },
  { keepUnknown: true },
);

/**
 * Checks a memory from a backup; the embedding is decoded from base64 Float32.
 * @throws ValidationError naming the first field of the wrong type.
 */
export function readMemoryRecord(value: unknown, path: string): Memory {
  const { embedding, ...rest } = memoryShape(value, path);
  const memory = rest as unknown as Memory;
  if (embedding) memory.embedding = { model: embedding.model, vector: embedding.base64 };
  return memory;
}

/** A memory as written to a backup file (embedding as base64 little-endian Float32). */
export function writeMemoryRecord(memory: Memory): MemoryRecord {
  const { embedding, ...rest } = memory;
  return embedding ? { ...rest, embedding: { model: embedding.model, base64: float32ToBase64(embedding.vector) } } : rest;
}
