import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { DenseIndex } from './dense-index.ts';

const v = (...xs: number[]): Float32Array => Float32Array.from(xs);

function small(): DenseIndex {
  const index = new DenseIndex('m', 3, 1);
  index.add('x', v(1, 0, 0));
  index.add('y', v(0, 1, 0), 1);
  index.add('z', v(1, 1, 0));
  return index;
}

describe('DenseIndex', () => {
  it('ranks by cosine and normalises stored vectors', () => {
    const hits = small().search(v(1, 0, 0), 3);
    expect(hits.map((h) => h.id)).toEqual(['x', 'z', 'y']);
    expect(hits[1]!.score).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('restricts a search to groups', () => {
    expect(
      small()
        .search(v(1, 0, 0), 3, Uint8Array.of(0, 1))
        .map((h) => h.id),
    ).toEqual(['y']);
  });

  it('removes by moving the last row', () => {
    const index = small();
    expect(index.remove('x')).toBe(true);
    expect(index.size).toBe(2);
    expect(index.search(v(1, 0, 0), 3).map((h) => h.id)).toEqual(['z', 'y']);
    expect(index.score('z', v(0, 1, 0))).toBeCloseTo(Math.SQRT1_2, 6);
    expect(index.score('x', v(1, 0, 0))).toBeUndefined();
  });

  it('rejects vectors of the wrong size', () => {
    expect(() => small().add('w', v(1, 0))).toThrow(ValidationError);
    expect(() => small().search(v(1, 0), 1)).toThrow(ValidationError);
  });

  it('round-trips through serialize', () => {
    const index = small();
    const loaded = DenseIndex.fromSerialized(structuredClone(index.serialize()));
    expect(loaded.search(v(0.2, 0.9, 0.1), 3)).toEqual(index.search(v(0.2, 0.9, 0.1), 3));
    expect(() => DenseIndex.fromSerialized({ ...index.serialize(), dimensions: 4 })).toThrow(ValidationError);
  });
});
