/**
 * Keeps the `k` highest-scoring integer keys seen so far in a min-heap over typed arrays,
 * so scanning n candidates costs O(n log k) and allocates nothing per candidate.
 */
export class TopK {
  readonly #k: number;
  readonly #keys: Int32Array;
  readonly #scores: Float64Array;
  #size = 0;

  constructor(k: number) {
    this.#k = Math.max(0, Math.floor(k));
    this.#keys = new Int32Array(this.#k);
    this.#scores = new Float64Array(this.#k);
  }

  /** Number of entries kept. */
  get size(): number {
    return this.#size;
  }

  /** The lowest kept score, or -Infinity while fewer than k entries are kept. */
  get threshold(): number {
    return this.#size < this.#k ? -Infinity : (this.#scores[0] ?? -Infinity);
  }

  /** Offers one candidate; it is kept when it beats the current k-th best. */
  push(key: number, score: number): void {
    if (this.#k === 0) return;
    if (this.#size < this.#k) {
      this.#keys[this.#size] = key;
      this.#scores[this.#size] = score;
      this.#siftUp(this.#size++);
    } else if (score > this.#scores[0]!) {
      this.#keys[0] = key;
      this.#scores[0] = score;
      this.#siftDown(0);
    }
  }

  /** The kept entries, best first. */
  sorted(): Array<{ key: number; score: number }> {
    const out: Array<{ key: number; score: number }> = [];
    for (let i = 0; i < this.#size; i++) out.push({ key: this.#keys[i]!, score: this.#scores[i]! });
    return out.sort((a, b) => b.score - a.score || a.key - b.key);
  }

  #swap(i: number, j: number): void {
    const k = this.#keys[i]!;
    const s = this.#scores[i]!;
    this.#keys[i] = this.#keys[j]!;
    this.#scores[i] = this.#scores[j]!;
    this.#keys[j] = k;
    this.#scores[j] = s;
  }

  #siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#scores[parent]! <= this.#scores[i]!) return;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #siftDown(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.#size && this.#scores[l]! < this.#scores[m]!) m = l;
      if (r < this.#size && this.#scores[r]! < this.#scores[m]!) m = r;
      if (m === i) return;
      this.#swap(i, m);
      i = m;
    }
  }
}
