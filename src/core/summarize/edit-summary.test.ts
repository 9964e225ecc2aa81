import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import type { MemoryId, PersonaId } from '../ids.ts';
import type { Memory } from '../memory/memory.ts';
import { editSummary, MAX_SUMMARY_CHARS } from './edit-summary.ts';

const memory: Memory = {
  id: 'm' as MemoryId,
  personaId: 'p' as PersonaId,
  kind: 'summary',
  text: 'Topic: old',
  importance: 5,
  pinned: false,
  createdAt: 1,
  updatedAt: 1,
  lastAccessedAt: 1,
  accessCount: 2,
  range: { fromSeq: 3, toSeq: 17 },
  level: 1,
  embedding: { model: 'bge', vector: new Float32Array([1, 2]) },
};

describe('editSummary', () => {
  it('replaces the text, keeps range and level, drops the stale embedding', () => {
    const edited = editSummary(memory, '\r\nTopic: new  \r\nFacts: Tom is 30\n\n', 99);
    expect(edited.text).toBe('Topic: new\nFacts: Tom is 30');
    expect(edited.range).toEqual({ fromSeq: 3, toSeq: 17 });
    expect(edited.level).toBe(1);
    expect(edited.updatedAt).toBe(99);
    expect(edited.createdAt).toBe(1);
    expect(edited.embedding).toBeUndefined();
    expect(memory.text).toBe('Topic: old');
  });

  it('rejects blank text, oversized text and non-summaries', () => {
    expect(() => editSummary(memory, '  \n ', 2)).toThrow(ValidationError);
    expect(() => editSummary(memory, 'x'.repeat(MAX_SUMMARY_CHARS + 1), 2)).toThrow(/limit is 4000/);
    expect(() => editSummary({ ...memory, kind: 'fact' }, 'text', 2)).toThrow(/Only a summary/);
  });
});
