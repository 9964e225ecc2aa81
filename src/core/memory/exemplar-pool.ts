/** Builds the exemplar candidates of a persona: its parsed sample dialogue plus stored sample lines. */
import type { ChatId, MemoryId } from '../ids.ts';
import type { Persona } from '../persona.ts';
import { userDisplayName } from '../persona.ts';
import { ExemplarPool, type ExemplarCandidate } from './exemplars.ts';
import type { MemoryIndex } from './memory-index.ts';
import { hasCurrentEmbedding } from './reembed.ts';
import { parseSampleLines } from './sample-lines.ts';

/**
 * Candidates from `persona.sampleDialogues` (no vectors) and from the index's `sample-line`
 * memories in scope (with their vectors when they match the index's embedding model).
 * Build it once per persona (and again when either changes), not every turn.
 */
export function buildExemplarPool(persona: Pick<Persona, 'name' | 'sampleDialogues' | 'user'>, index: MemoryIndex, chatId?: ChatId): ExemplarPool {
  const parsed: ExemplarCandidate[] = parseSampleLines(persona.sampleDialogues, persona.name, userDisplayName(persona)).map((l) => ({
    id: l.id,
    text: l.text,
    context: l.context,
  }));
  const model = index.embeddingModel;
  const stored: ExemplarCandidate[] = index.ofKind('sample-line', { chatId }).map((m) => ({
    id: m.id,
    text: m.text,
    vector: hasCurrentEmbedding(m, model) ? m.embedding?.vector : undefined,
    memoryId: m.id as MemoryId,
  }));
  return new ExemplarPool([...stored, ...parsed]);
}
