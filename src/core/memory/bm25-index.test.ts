import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { Bm25Index, type SerializedBm25 } from './bm25-index.ts';

function corpus(): Bm25Index {
  const index = new Bm25Index();
  index.add('a', 'The knight drew his sword in the rain.');
  index.add('b', 'The merchant sold tea and bread at the market.');
  index.add('c', 'A sword, another sword, and a shield hung on the wall.');
  index.add('d', '林黛玉在花园里葬花，心中很难过。');
  index.add('e', '贾宝玉送给林黛玉一块手帕。');
  return index;
}

describe('Bm25Index', () => {
  it('ranks documents by term rarity and frequency', () => {
    const hits = corpus().search('sword', 5);
    expect(hits.map((h) => h.id)).toEqual(['c', 'a']);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('prefers the document matching more query words', () => {
    expect(corpus().search('merchant tea market', 1)[0]!.id).toBe('b');
  });

  it('finds Chinese documents by segmented words', () => {
    const hits = corpus().search('黛玉葬花的故事', 5);
    expect(hits[0]!.id).toBe('d');
    expect(
      corpus()
        .search('手帕', 5)
        .map((h) => h.id),
    ).toEqual(['e']);
  });

  it('returns nothing for unknown words', () => {
    expect(corpus().search('dragon', 5)).toEqual([]);
  });

  it('removes and replaces documents', () => {
    const index = corpus();
    expect(index.remove('c')).toBe(true);
    expect(index.remove('c')).toBe(false);
    expect(index.search('sword', 5).map((h) => h.id)).toEqual(['a']);
    index.add('a', 'Now about tea only.');
    expect(index.search('sword', 5)).toEqual([]);
    expect(
      index
        .search('tea', 5)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(index.size).toBe(4);
  });

  it('filters by group', () => {
    const index = new Bm25Index();
    index.add('x', 'red apple', 0);
    index.add('y', 'red apple pie', 1);
    expect(index.search('apple', 5, Uint8Array.of(0, 1)).map((h) => h.id)).toEqual(['y']);
    index.setGroup('y', 0);
    expect(index.search('apple', 5, Uint8Array.of(0, 1))).toEqual([]);
  });

  it('scores a single document like search does', () => {
    const index = corpus();
    const q = index.prepare('sword rain');
    const hit = index.search(q, 5).find((h) => h.id === 'a')!;
    expect(index.scoreDoc(q, 'a')).toBeCloseTo(hit.score, 10);
    expect(index.scoreDoc(q, 'b')).toBe(0);
  });

  it('round-trips through serialize and structuredClone', () => {
    const index = corpus();
    const loaded = Bm25Index.fromSerialized(structuredClone(index.serialize()));
    for (const q of ['sword', 'tea market', '林黛玉']) expect(loaded.search(q, 5)).toEqual(index.search(q, 5));
  });

  it('stays correct after many removals (compaction)', () => {
    const index = new Bm25Index();
    for (let i = 0; i < 200; i++) index.add(`d${i}`, i % 2 === 0 ? `even word${i} lantern` : `odd word${i}`);
    for (let i = 0; i < 200; i++) if (i % 4 < 2) index.remove(`d${i}`);
    const ids = index.search('lantern', 500).map((h) => h.id);
    expect(ids).toHaveLength(50);
    expect(ids.every((id) => Number(id.slice(1)) % 4 === 2)).toBe(true);
    expect(index.size).toBe(100);
    expect(index.serialize().ids).toHaveLength(100);
    index.add('late', 'lantern lantern');
    expect(index.search('lantern', 1)[0]!.id).toBe('late');
  });

  it('rejects damaged serialised data', () => {
    const bad = { ...corpus().serialize(), offsets: new Uint32Array(1) } as SerializedBm25;
    expect(() => Bm25Index.fromSerialized(bad)).toThrow(ValidationError);
  });
});
