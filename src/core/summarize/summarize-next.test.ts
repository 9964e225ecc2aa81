import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { EngineError, ValidationError } from '../errors/index.ts';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import type { TokenCounter } from '../token-counter.ts';
import { SCENE_SUMMARY_SCHEMA } from './summary-request.ts';
import { summarizeNext, type SummarizeProgress } from './summarize-next.ts';
import { msg } from '../i18n/message.ts';

const words: TokenCounter = { id: 'words', count: (t) => t.split(/\s+/).filter(Boolean).length };

const lines = [
  'Shall we take the train to Paris?',
  'Yes! The train leaves at 9:40, I already booked it.',
  'Great, I will bring the map.',
  'Perfect. Tom will meet us there.',
  'How long is the trip?',
  'About 3 hours, filler filler filler filler.',
  'Recent one.',
  'Recent two.',
  'Recent three.',
  'Recent four.',
];

const messages: Message[] = lines.map((text, seq) => ({
  id: `m${seq}` as MessageId,
  chatId: 'c' as ChatId,
  seq,
  role: seq % 2 === 0 ? 'user' : 'assistant',
  text,
  status: 'complete',
  createdAt: seq,
  updatedAt: seq,
}));

const good = JSON.stringify({
  topic: 'Planning a train trip to Paris',
  facts: ['Alice booked the 9:40 train', 'Tom will meet them in Paris', 'The trip takes about 3 hours'],
  promises: ['Me will bring the map'],
  names: ['Paris', 'Tom'],
  numbers: ['9:40', '3 hours'],
});

function base(engine: ScriptedEngine, signal?: AbortSignal, onProgress?: (p: SummarizeProgress) => void) {
  return {
    engine,
    messages,
    summaries: [],
    counter: words,
    budgetTokens: 40,
    options: { overheadTokens: 0, minBlockTurns: 2 },
    personaId: 'p' as PersonaId,
    chatId: 'c' as ChatId,
    language: 'en' as const,
    characterName: 'Alice',
    userName: 'Me',
    signal,
    onProgress,
    now: () => 1234,
    makeId: () => 'new' as MemoryId,
  };
}

describe('summarizeNext', () => {
  it('asks for a JSON-constrained summary of the oldest block and returns the new memory', async () => {
    const engine = new ScriptedEngine([{ chunks: ['```json\n', good.slice(0, 40), good.slice(40), '\n```'] }]);
    const progress: SummarizeProgress[] = [];
    const outcome = await summarizeNext(base(engine, undefined, (p) => progress.push(p)));

    expect(outcome.status).toBe('done');
    if (outcome.status !== 'done') return;
    const request = engine.requests[0]!;
    expect(request.responseFormat).toEqual({ type: 'json', schema: SCENE_SUMMARY_SCHEMA });
    expect(request.enableThinking).toBe(false);
    expect(request.input.kind).toBe('chat');
    const prompt = request.input.kind === 'chat' ? request.input.messages.map((m) => m.content).join('\n') : '';
    expect(prompt).toContain('Me: "Shall we take the train to Paris?"');
    expect(prompt).toContain('Alice: "Yes! The train leaves at 9:40, I already booked it."');
    expect(prompt).not.toContain('Recent one.');

    expect(outcome.memory).toMatchObject({
      id: 'new',
      personaId: 'p',
      chatId: 'c',
      kind: 'summary',
      level: 0,
      range: { fromSeq: 0, toSeq: outcome.plan.range.toSeq },
      createdAt: 1234,
      pinned: false,
    });
    expect(outcome.plan.range.toSeq).toBeLessThan(6);
    expect(outcome.memory.text.split('\n')[0]).toBe('Topic: Planning a train trip to Paris');
    expect(outcome.memory.text).toContain('Speakers: Alice, Me');
    expect(progress[0]).toMatchObject({ phase: 'writing', receivedChars: 0, kind: 'turns' });
    expect(progress.at(-1)).toMatchObject({ phase: 'checking', receivedChars: good.length + 12 });
  });

  it('repairs a summary that dropped a number', async () => {
    const dropped = JSON.stringify({ topic: 'Train trip', facts: ['They plan a train trip to Paris'], promises: [], names: ['Paris', 'Tom'], numbers: [] });
    const outcome = await summarizeNext(base(new ScriptedEngine([dropped])));
    expect(outcome.status === 'done' && outcome.repaired.numbers).toContain('9:40');
    expect(outcome.status === 'done' && outcome.memory.text).toContain('Alice: "The train leaves at 9:40, I already booked it."');
  });

  it('reports a garbled answer as a typed failure (caller stores nothing)', async () => {
    const outcome = await summarizeNext(base(new ScriptedEngine(['They talked about trains.'])));
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.error).toBeInstanceOf(ValidationError);
  });

  it('reports an answer cut at the token limit as `truncated`', async () => {
    const engine = new ScriptedEngine([{ chunks: [good.slice(0, 50)], finishReason: 'length' }]);
    const outcome = await summarizeNext(base(engine));
    expect(outcome.status === 'failed' && outcome.error.code).toBe('truncated');
  });

  it('passes engine failures through as typed failures', async () => {
    const error = new EngineError('device-lost', msg('text.verbatim', { text: 'The GPU was reset. Reload the page.' }));
    const outcome = await summarizeNext(base(new ScriptedEngine([{ chunks: ['{"to'], error }])));
    expect(outcome).toMatchObject({ status: 'failed', error });
  });

  it('stops on cancel', async () => {
    const controller = new AbortController();
    const engine = new ScriptedEngine([{ chunks: ['{"topic":', '"x",', '"facts":[]}'], delayMs: 1 }]);
    const outcome = await summarizeNext(
      base(engine, controller.signal, (p) => {
        if (p.receivedChars > 0) controller.abort();
      }),
    );
    expect(outcome.status).toBe('cancelled');
  });

  it('does nothing when everything fits', async () => {
    const engine = new ScriptedEngine([]);
    const outcome = await summarizeNext({ ...base(engine), budgetTokens: 1000 });
    expect(outcome).toMatchObject({ status: 'nothing-to-do', plan: { reason: 'fits' } });
    expect(engine.requests).toHaveLength(0);
  });
});

describe('summarizeNext in a group chat', () => {
  const cast = new Map([
    ['alice', 'Alice'],
    ['bob', 'Bob'],
  ]);
  /** The same chat with the character turns split between Bob and Alice (the greeting-like first one has no speaker). */
  const group = messages.map((m): Message => (m.role !== 'assistant' ? m : { ...m, speakerId: (m.seq % 4 === 1 ? 'bob' : 'alice') as PersonaId }));

  it('sends each character turn under its speaker and sets every speaker of the block', async () => {
    const engine = new ScriptedEngine([good]);
    const outcome = await summarizeNext({ ...base(engine), messages: group, cast });
    const prompt = engine.requests[0]?.input.kind === 'chat' ? engine.requests[0].input.messages.map((m) => m.content).join('\n') : '';
    expect(prompt).toContain('Bob: "Yes! The train leaves at 9:40, I already booked it."');
    expect(prompt).toContain('Alice: "Perfect. Tom will meet us there."');
    expect(prompt).toContain('between Alice, Bob and Me');
    expect(outcome.status === 'done' && outcome.memory.text).toContain('Speakers: Bob, Alice, Me');
  });

  it('repairs a dropped number with the line of the character who said it', async () => {
    const dropped = JSON.stringify({ topic: 'Train trip', facts: ['They plan a train trip to Paris'], promises: [], names: ['Paris', 'Tom'], numbers: [] });
    const outcome = await summarizeNext({ ...base(new ScriptedEngine([dropped])), messages: group, cast });
    expect(outcome.status === 'done' && outcome.memory.text).toContain('Bob: "The train leaves at 9:40, I already booked it."');
  });
});
