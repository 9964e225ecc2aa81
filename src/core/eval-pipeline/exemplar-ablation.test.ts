import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { FULL_FLAGS } from '../eval/configurations.ts';
import { composerPersona } from '../eval/test-fixtures.ts';
import type { ChatId, MemoryId } from '../ids.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { buildExemplarPool, type KeptReply } from '../memory/exemplar-pool.ts';
import type { Memory } from '../memory/memory.ts';
import { MemoryIndex } from '../memory/memory-index.ts';
import { retrieveForTurn } from '../memory/retrieve-for-turn.ts';
import { noteBudgets } from '../prompt/budget.ts';
import { notesFromRetrieval } from '../prompt/notes.ts';
import type { TokenCounter } from '../token-counter.ts';
import { answerWithConfiguration } from './answer-with-configuration.ts';
import type { NotesProvider } from './turn-notes.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const persona = composerPersona({ sampleDialogues: 'Ludwig: "The rain again. Muss es sein?"' });
const INTERVIEW = 'interview' as ChatId;
const SOURCE_LINE = 'A symphony is a storm you can hold in two hands.';
const KEPT_LINE = 'Silence! The sonata is not finished, and neither am I.';

/** A source passage (longer than the source slot's budget, as real passages are) with one line of Ludwig's. */
const source: Memory = {
  id: 'src-1' as MemoryId,
  personaId: persona.id,
  kind: 'source-chunk',
  text:
    'Vienna, 1808. The hall was cold and the orchestra under-rehearsed; the Fifth and the Sixth were played the same night, ' +
    `and the audience sat for four hours in their coats. Ludwig slammed the lid of the piano. "${SOURCE_LINE}" Ludwig said, ` +
    'and the musicians looked at each other and began again from the first bar of the storm.',
  importance: 5,
  pinned: false,
  createdAt: 1,
  updatedAt: 1,
  lastAccessedAt: 1,
  accessCount: 0,
};
/** A reply the user rated up in another chat. */
const kept: KeptReply[] = [{ id: 'kept-m1-0', chatId: 'c1' as ChatId, text: KEPT_LINE, context: 'Will you play the new sonata for us?', at: 5 }];

/** The app's retrieval for an interview turn (as PersonaMemory.splitNotes runs it): memories and example lines apart. */
const notes: NotesProvider = async (p, history, turn) => {
  const index = MemoryIndex.build([source]);
  const r = retrieveForTurn({
    index,
    chatId: INTERVIEW,
    persona: p,
    messages: history.slice(-6).map((m) => ({ role: m.role, text: m.text })),
    promptText: history.map((m) => m.text).join('\n'),
    budgets: noteBudgets(4096),
    tokenCounter: counter,
    now: 10,
    exemplars: buildExemplarPool(p, index, INTERVIEW, { cardExamples: !turn.examplesInPrompt, kept }),
  });
  return {
    memories: notesFromRetrieval({ ...r, exemplars: [] }, p, turn.form),
    exemplars: notesFromRetrieval({ ...r, memories: [], sourceChunks: [] }, p, turn.form),
  };
};

async function request(exemplars: boolean): Promise<string[]> {
  const engine = new ScriptedEngine(['Ludwig: "Storms, always storms."'], { capabilities: { promptCache: 'chat', rawCompletion: true } });
  await answerWithConfiguration({
    persona,
    history: [],
    question: 'Tell me about the storm in your symphony and the sonata you are writing.',
    flags: { ...FULL_FLAGS, exemplars },
    engine,
    counter,
    contextWindow: 4096,
    notes,
  });
  const sent = engine.requests.at(-1) as CompletionRequest;
  if (sent.input.kind !== 'chat') throw new Error('expected a chat request');
  return sent.input.messages.map((m) => m.content);
}

describe('the exemplars ablation', () => {
  it('with exemplars on, the answer prompt carries lines from the source and kept replies that the system prompt does not; off, it carries none', async () => {
    const on = await request(true);
    const system = on[0] ?? '';
    const last = on.at(-1) ?? '';
    expect(system).toContain('The rain again. Muss es sein?');
    for (const line of [SOURCE_LINE, KEPT_LINE]) {
      expect(system).not.toContain(line);
      expect(last).toContain(`Ludwig: "${line}"`);
    }
    // The card's example is in the system prompt, so it is not offered again as an example line.
    expect(last).not.toContain('The rain again');

    const off = await request(false);
    expect(off.join('\n')).not.toContain(SOURCE_LINE);
    expect(off.join('\n')).not.toContain(KEPT_LINE);
    expect(off[0]).not.toContain('The rain again');
  });
});
