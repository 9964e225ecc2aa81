import { describe, expect, it } from 'vitest';
import { FakeEmbedder } from '../../../test/support/fake-embedder.ts';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { newId, type ChatId, type MemoryId, type MessageId } from '../../core/ids.ts';
import { english } from '../../core/i18n/message.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import { createPersona } from '../../core/persona/index.ts';
import { embeddingStateFor } from './embedding-state.svelte.ts';
import { PersonaMemory, type MemoryServices } from './persona-memory.svelte.ts';

/** One turn's retrieval settings: a 4,096-token model, nothing in the prompt yet, line form, the card's examples left to retrieval. */
const TURN = { contextWindow: 4096, promptText: '', excludeIds: new Set<string>(), form: 'line' as const, examplesInPrompt: false };

const persona = createPersona({ name: 'Ada' }, newId(), 1);
const chatId = newId<ChatId>();
const counter = { id: 'words', count: (t: string) => t.split(/\s+/).length };

function setup(models: FakeEmbedder[] = [new FakeEmbedder()]) {
  const repo = createMemoryRepository();
  let next = 0;
  const services: MemoryServices = {
    repo,
    now: () => 1000,
    loadTokenCounter: async () => counter,
    createEmbedder: () => models[Math.min(next++, models.length - 1)]!,
  };
  return { repo, services, semantic: embeddingStateFor(services) };
}

function fact(text: string): Memory {
  return {
    id: newId<MemoryId>(),
    personaId: persona.id,
    chatId,
    kind: 'fact',
    text,
    importance: 5,
    pinned: false,
    createdAt: 1,
    updatedAt: 1,
    lastAccessedAt: 1,
    accessCount: 0,
  };
}

function msg(seq: number, text: string): Message {
  return { id: newId<MessageId>(), chatId, seq, role: 'user', text, status: 'complete', createdAt: seq, updatedAt: seq };
}

describe('PersonaMemory with semantic search', () => {
  it('embeds stored memories in the background once the model is ready, with the model id, and re-embeds after a model change', async () => {
    const { repo, services, semantic } = setup([new FakeEmbedder('fake/a'), new FakeEmbedder('fake/b')]);
    await repo.memories.bulkPut([fact('The user keeps bees.'), fact('The user sails a boat.')]);
    const memory = new PersonaMemory(services, persona);
    await memory.load();
    expect(memory.list.every((m) => m.embedding === undefined)).toBe(true);
    await semantic.enable();
    memory.embedding.sync();
    await memory.embedding.idle();
    const stored = await repo.memories.listByPersona(persona.id);
    expect(stored.map((m) => m.embedding?.model)).toEqual(['fake/a', 'fake/a']);

    await semantic.disable();
    await semantic.enable();
    memory.embedding.sync();
    await memory.embedding.idle();
    expect((await repo.memories.listByPersona(persona.id)).map((m) => m.embedding?.model)).toEqual(['fake/b', 'fake/b']);
  });

  it('embeds new and edited memories, and the turn query (purpose query) finds a memory by meaning', async () => {
    const embedder = new FakeEmbedder();
    const { repo, services, semantic } = setup([embedder]);
    await semantic.enable();
    const memory = new PersonaMemory(services, persona);
    await memory.load();
    const hive = fact('Ada tends the hive every morning.');
    memory.add(hive);
    await memory.embedding.idle();
    expect(memory.list[0]?.embedding?.model).toBe('fake/model-a');
    expect(await memory.edit(memory.list[0]!, 'Ada tends the hive at dawn.')).toBeNull();
    await memory.embedding.idle();
    expect((await repo.memories.listByPersona(persona.id))[0]?.embedding?.model).toBe('fake/model-a');

    const notes = await memory.notes(chatId, [msg(0, 'Tell me about your bees')], TURN);
    expect(embedder.calls.some((c) => c.purpose === 'query' && c.texts.includes('Tell me about your bees'))).toBe(true);
    expect(notes.join('\n')).toContain('hive at dawn');
  });

  it('keeps keyword search working without a model', async () => {
    const { services } = setup();
    const memory = new PersonaMemory(services, persona);
    await memory.load();
    memory.add(fact('Ada loves mathematics.'));
    const notes = await memory.notes(chatId, [msg(0, 'Do you like mathematics?')], TURN);
    expect(notes.join('\n')).toContain('Ada loves mathematics.');
  });
});

describe('PersonaMemory source material', () => {
  const source =
    'Ada was born in London in 1815. Her mother was Annabella Milbanke. Later she studied the Analytical Engine with Charles Babbage.\n'.repeat(1) +
    'The Engine could weave algebraic patterns just as the Jacquard loom weaves flowers and leaves.';

  it('stores pasted text as persona-level source passages and recalls the relevant one into the notes', async () => {
    const { repo, services } = setup();
    const memory = new PersonaMemory(services, persona);
    await memory.load();
    const result = await memory.addSource({ text: source.repeat(3) });
    expect(result).toEqual({ added: expect.any(Number) });
    expect(memory.sourceChunks.length).toBeGreaterThan(1);
    expect(memory.sourceChunks.every((m) => m.kind === 'source-chunk' && m.chatId === undefined)).toBe(true);
    expect((await repo.memories.listByPersona(persona.id)).length).toBe(memory.sourceChunks.length);
    const notes = await memory.notes(chatId, [msg(0, 'What did the Jacquard loom weave?')], TURN);
    expect(notes.join('\n')).toMatch(/From the source[\s\S]*Jacquard loom/);
  });

  it('reads uploaded files and explains empty or binary input', async () => {
    const { services } = setup();
    const memory = new PersonaMemory(services, persona);
    await memory.load();
    const blank = await memory.addSource({ text: '   ' });
    expect('problem' in blank && english(blank.problem)).toContain('only spaces');
    const binary = await memory.addSource({ bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]), fileName: 'book.docx' });
    expect('problem' in binary && english(binary.problem)).toContain('book.docx');
    const file = await memory.addSource({ bytes: new TextEncoder().encode(source), fileName: 'ada.md' });
    expect(file).toEqual({ added: expect.any(Number) });
  });

  it('removes all source material and nothing else', async () => {
    const { repo, services } = setup();
    const memory = new PersonaMemory(services, persona);
    await memory.load();
    memory.add(fact('Ada loves mathematics.'));
    await repo.memories.put(memory.list[0]!);
    await memory.addSource({ text: source });
    expect(await memory.removeAllSource()).toBeNull();
    expect(memory.sourceChunks).toEqual([]);
    expect((await repo.memories.listByPersona(persona.id)).map((m) => m.kind)).toEqual(['fact']);
  });
});
