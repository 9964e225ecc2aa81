/** The stored form of a BM25 index and its validation. */
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';

/** Flat serialised BM25 index; typed arrays survive IndexedDB's structured clone. */
export interface SerializedBm25 {
  version: 2;
  k1: number;
  b: number;
  terms: string[];
  ids: string[];
  lengths: Uint32Array;
  /** `offsets[i]..offsets[i+1]` index `termIds`/`tfs` for document i. */
  offsets: Uint32Array;
  termIds: Uint32Array;
  /** Term frequencies, capped at 255. */
  tfs: Uint8Array;
}

/**
 * Checks the shape of stored index data before it is trusted.
 * @throws ValidationError when the data is damaged or of another version.
 */
export function assertSerializedBm25(data: SerializedBm25): void {
  const n = Array.isArray(data?.ids) ? data.ids.length : -1;
  const ok =
    data?.version === 2 &&
    Array.isArray(data.terms) &&
    n >= 0 &&
    data.offsets instanceof Uint32Array &&
    data.offsets.length === n + 1 &&
    data.lengths instanceof Uint32Array &&
    data.lengths.length === n &&
    data.termIds instanceof Uint32Array &&
    data.tfs instanceof Uint8Array &&
    data.termIds.length === data.tfs.length &&
    data.offsets[n] === data.termIds.length &&
    data.termIds.every((t) => t < data.terms.length);
  if (!ok) {
    throw new ValidationError('invalid', msg('memoryIndex.error.searchDamaged'));
  }
}
