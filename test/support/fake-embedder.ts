import type { Embedder, EmbedderProgress } from '../../src/core/embedder.ts';
import { msg } from '../../src/core/i18n/message.ts';

/** Words that mean the same to the fake model (so tests can show a match without shared words). */
const SYNONYMS: Record<string, string> = { hive: 'bees', bee: 'bees', honey: 'bees', ship: 'boat', vessel: 'boat' };

/**
 * Test double of an {@link Embedder}: deterministic bag-of-words vectors (each word, after a
 * small synonym table, hashed into one of 32 dimensions), L2-normalised. Records every call.
 */
export class FakeEmbedder implements Embedder {
  readonly dimensions = 32;
  readonly calls: { texts: string[]; purpose: 'query' | 'passage' }[] = [];
  loads = 0;
  /** When set, `load` waits for this promise (to test progress and Cancel). */
  gate: Promise<void> | null = null;
  /** When set, `load` fails with this error. */
  failWith: Error | null = null;

  constructor(readonly modelId = 'fake/model-a') {}

  /** Reports two progress steps, then resolves (or waits on `gate`, or fails with `failWith`). */
  async load(onProgress?: (p: EmbedderProgress) => void, signal?: AbortSignal): Promise<void> {
    this.loads++;
    onProgress?.({ fraction: 0.5, text: msg('text.verbatim', { text: 'Downloading model.onnx' }) });
    if (this.gate) await this.gate;
    if (signal?.aborted) throw new Error('cancelled');
    if (this.failWith) throw this.failWith;
    onProgress?.({ fraction: 1, text: msg('text.verbatim', { text: 'Ready' }) });
  }

  /** One normalised vector per text. */
  async embed(texts: string[], purpose: 'query' | 'passage'): Promise<Float32Array[]> {
    this.calls.push({ texts, purpose });
    return texts.map((t) => vectorOf(t, this.dimensions));
  }
}

function vectorOf(text: string, dims: number): Float32Array {
  const v = new Float32Array(dims);
  for (const raw of text.toLowerCase().match(/[a-z]+/g) ?? []) {
    const word = SYNONYMS[raw] ?? raw;
    let h = 0;
    for (const ch of word) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    v[h % dims]! += 1;
  }
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}
