/** Builds the exemplar candidates of a persona: its card's example turns plus stored sample lines. */
import type { ChatId, MemoryId } from '../ids.ts';
import type { Persona } from '../persona/index.ts';
import { characterTurns, parseExampleDialogue, namesOf } from '../persona/index.ts';
import { ExemplarPool, type ExemplarCandidate } from './exemplars.ts';
import type { MemoryIndex } from './memory-index.ts';
import { hasCurrentEmbedding } from './reembed.ts';

/**
 * Candidates from the card's example dialogue (the character's turns, each with the user turn
 * it answered, macros replaced, no vectors) unless `cardExamples` is false (the prompt already
 * holds them), and from the index's `sample-line` memories in scope (with their vectors when
 * they match the index's embedding model). A candidate's text is the turn without its speaker;
 * the prompt writes it in the chat's reply form. Build it once per persona, not every turn.
 */
export function buildExemplarPool(
  persona: Pick<Persona, 'name' | 'sampleDialogues' | 'user'>,
  index: MemoryIndex,
  chatId?: ChatId,
  options: { cardExamples?: boolean } = {},
): ExemplarPool {
  const card: ExemplarCandidate[] =
    options.cardExamples === false
      ? []
      : characterTurns(parseExampleDialogue(persona.sampleDialogues, namesOf(persona))).map((t, i) => ({
          id: `sample-${i}`,
          text: t.text,
          context: t.context,
        }));
  const model = index.embeddingModel;
  const stored: ExemplarCandidate[] = index.ofKind('sample-line', { chatId }).map((m) => ({
    id: m.id,
    text: m.text,
    vector: hasCurrentEmbedding(m, model) ? m.embedding?.vector : undefined,
    memoryId: m.id as MemoryId,
  }));
  return new ExemplarPool([...stored, ...card]);
}
