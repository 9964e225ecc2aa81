import { describe, expect, it } from 'vitest';
import type { ChatId, MemoryId, PersonaId } from '../ids.ts';
import type { Memory } from './memory.ts';
import { ValidationError } from '../errors/index.ts';
import { MemoryIndex } from './memory-index.ts';
import { memoriesNeedingEmbedding } from './reembed.ts';

const NOW = 1_000_000_000_000;
const CHAT = 'chat-1' as ChatId;
const OTHER = 'chat-2' as ChatId;
const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

function mem(id: string, text: string, extra: Partial<Memory> = {}): Memory {
  return {
    id: id as MemoryId,
    personaId: 'p' as PersonaId,
    kind: 'fact',
    text,
    importance: 5,
    pinned: false,
    createdAt: NOW,
    updatedAt: NOW,
    lastAccessedAt: NOW,
    accessCount: 0,
    ...extra,
  };
}

const search = { k: 10, now: NOW, chatId: CHAT };

describe('MemoryIndex', () => {
  it('orders by the hybrid score with known vectors', () => {
    const index = MemoryIndex.build(
      [
        mem('tea', 'Alice loves green tea', { embedding: { model: 'e', vector: v(1, 0, 0) } }),
        mem('sword', 'Alice carries an old sword', { embedding: { model: 'e', vector: v(0.6, 0.8, 0) } }),
        mem('rain', 'It rained all week', { embedding: { model: 'e', vector: v(0, 0, 1) } }),
      ],
      { embeddingModel: 'e' },
    );
    const hits = index.search({ ...search, text: 'what does Alice drink', vector: v(1, 0, 0), minCosine: 0.5 });
    expect(hits.map((h) => h.memory.id)).toEqual(['tea', 'sword']);
    expect(hits[0]!.parts).toMatchObject({ cosine: expect.closeTo(1, 5), dense: 1, pinned: false });
    expect(hits[1]!.parts.dense).toBe(0);
  });

  it('lets recency and importance break ties of equal relevance', () => {
    const index = MemoryIndex.build([
      mem('old', 'the festival lantern', { lastAccessedAt: NOW - 30 * 86_400_000 }),
      mem('new', 'the festival lantern'),
      mem('vital', 'the festival lantern', { importance: 10, lastAccessedAt: NOW - 30 * 86_400_000 }),
    ]);
    const ids = index.search({ ...search, text: 'lantern' }).map((h) => h.memory.id);
    expect(ids).toEqual(['vital', 'new', 'old']);
  });

  it('puts pinned memories first and always considers them', () => {
    const index = MemoryIndex.build([mem('a', 'green tea'), mem('p', 'Alice is afraid of the dark', { pinned: true })]);
    const ids = index.search({ ...search, text: 'green tea' }).map((h) => h.memory.id);
    expect(ids).toEqual(['p', 'a']);
  });

  it('searches persona-level memories and this chat only', () => {
    const index = MemoryIndex.build([
      mem('persona', 'the silver key', {}),
      mem('mine', 'the silver key again', { chatId: CHAT }),
      mem('theirs', 'the silver key elsewhere', { chatId: OTHER }),
    ]);
    expect(
      index
        .search({ ...search, text: 'silver key' })
        .map((h) => h.memory.id)
        .sort(),
    ).toEqual(['mine', 'persona']);
    expect(index.search({ ...search, chatId: undefined, text: 'silver key' }).map((h) => h.memory.id)).toEqual(['persona']);
    expect(index.search({ ...search, allChats: true, text: 'silver key' })).toHaveLength(3);
  });

  it('filters by kind and excluded ids', () => {
    const index = MemoryIndex.build([mem('f', 'moon festival'), mem('s', 'moon festival summary', { kind: 'summary' })]);
    expect(index.search({ ...search, text: 'moon', kinds: ['summary'] }).map((h) => h.memory.id)).toEqual(['s']);
    expect(index.search({ ...search, text: 'moon', excludeIds: new Set(['s']) }).map((h) => h.memory.id)).toEqual(['f']);
  });

  it('ignores vectors of another model and lists them for re-embedding', () => {
    const memories = [
      mem('cur', 'alpha', { embedding: { model: 'new', vector: v(1, 0) } }),
      mem('old', 'beta', { embedding: { model: 'old', vector: v(1, 0) } }),
      mem('none', 'gamma'),
    ];
    const index = MemoryIndex.build(memories, { embeddingModel: 'new' });
    expect(index.vectorCount).toBe(1);
    const hits = index.search({ ...search, text: '', vector: v(1, 0), mode: 'dense', minCosine: 0.1 });
    expect(hits.map((h) => h.memory.id)).toEqual(['cur']);
    expect(memoriesNeedingEmbedding(memories, 'new').map((m) => m.id)).toEqual(['old', 'none']);
    index.setEmbeddingModel('old');
    expect(index.search({ ...search, text: '', vector: v(1, 0), mode: 'dense', minCosine: 0.1 }).map((h) => h.memory.id)).toEqual(['old']);
  });

  it('drops dense-only candidates below the cosine floor', () => {
    const index = MemoryIndex.build(
      [mem('near', 'x', { embedding: { model: 'e', vector: v(1, 0) } }), mem('far', 'y', { embedding: { model: 'e', vector: v(0, 1) } })],
      { embeddingModel: 'e' },
    );
    expect(index.search({ ...search, text: 'nothing', vector: v(1, 0.1) }).map((h) => h.memory.id)).toEqual(['near']);
  });

  it('works lexically with no embedding model at all', () => {
    const index = MemoryIndex.build([mem('zh', '林黛玉喜欢葬花'), mem('en', 'Bob hates rain')]);
    expect(index.search({ ...search, text: '黛玉为什么葬花', vector: v(1, 0) }).map((h) => h.memory.id)).toEqual(['zh']);
  });

  it('updates on upsert and removes whole chats', () => {
    const index = MemoryIndex.build([mem('a', 'red kite', { chatId: CHAT }), mem('b', 'blue kite', { chatId: CHAT })]);
    index.upsert(mem('a', 'green boat', { chatId: CHAT }));
    expect(index.search({ ...search, text: 'red' })).toEqual([]);
    expect(index.search({ ...search, text: 'boat' }).map((h) => h.memory.id)).toEqual(['a']);
    index.upsert(mem('b', 'blue kite', { chatId: CHAT, pinned: true }));
    expect(index.get('b')?.pinned).toBe(true);
    expect(index.removeChat(CHAT).sort()).toEqual(['a', 'b']);
    expect(index.size).toBe(0);
  });

  it('moves a vector when a memory changes kind and drops it when the model changes', () => {
    const index = MemoryIndex.build([mem('a', 'x', { embedding: { model: 'e', vector: v(1, 0) } })], { embeddingModel: 'e' });
    const dense = (kinds: Memory['kind'][]) => index.search({ ...search, text: '', vector: v(1, 0), mode: 'dense', kinds }).map((h) => h.memory.id);
    expect(dense(['fact'])).toEqual(['a']);
    index.upsert(mem('a', 'x', { kind: 'summary', embedding: { model: 'e', vector: v(1, 0) } }));
    expect(dense(['fact'])).toEqual([]);
    expect(dense(['summary'])).toEqual(['a']);
    index.upsert(mem('a', 'x', { kind: 'summary', embedding: { model: 'other', vector: v(1, 0) } }));
    expect(index.vectorCount).toBe(0);
    expect(index.ofKind('summary').map((m) => m.id)).toEqual(['a']);
    expect(index.ofKind('fact')).toEqual([]);
  });

  it('loads a stored lexical index and re-indexes only what changed', () => {
    const memories = [mem('a', 'red kite'), mem('b', 'blue kite', { chatId: OTHER }), mem('c', 'old boat')];
    const stored = structuredClone(MemoryIndex.build(memories).serializeLexical());
    const loaded = MemoryIndex.build(memories, { lexical: stored });
    expect(loaded.search({ ...search, text: 'kite' }).map((h) => h.memory.id)).toEqual(['a']);
    const changed = [mem('a', 'green kite'), mem('d', 'red boat')];
    const reloaded = MemoryIndex.build(changed, { lexical: stored });
    expect(reloaded.search({ ...search, text: 'red' }).map((h) => h.memory.id)).toEqual(['d']);
    expect(reloaded.search({ ...search, text: 'old blue' })).toEqual([]);
    expect(reloaded.serializeLexical().bm25.ids.sort()).toEqual(['a', 'd']);
  });

  it('rejects a damaged stored index', () => {
    const stored = MemoryIndex.build([mem('a', 'x')]).serializeLexical();
    expect(() => MemoryIndex.build([], { lexical: { ...stored, textHashes: new Uint32Array(3) } })).toThrow(ValidationError);
  });
});
