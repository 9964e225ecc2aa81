/**
 * A push-to-pull bridge: a callback producer (`push`, then `close` or `fail`) consumed with
 * `for await`. Items pushed before anyone reads are buffered; a failure is thrown to the reader
 * after the items that came before it.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  #items: T[] = [];
  #ended = false;
  #error: { value: unknown } | null = null;
  #wake: (() => void) | null = null;

  /** Adds an item (ignored after the queue has ended). */
  push(item: T): void {
    if (this.#ended) return;
    this.#items.push(item);
    this.#notify();
  }

  /** Ends the queue normally: readers finish after the buffered items. */
  close(): void {
    this.#ended = true;
    this.#notify();
  }

  /** Ends the queue with an error, thrown to the reader after the buffered items. */
  fail(error: unknown): void {
    if (this.#ended) return;
    this.#error = { value: error };
    this.#ended = true;
    this.#notify();
  }

  #notify(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      if (this.#items.length > 0) {
        yield this.#items.shift() as T;
        continue;
      }
      if (this.#ended) {
        if (this.#error) throw this.#error.value;
        return;
      }
      await new Promise<void>((resolve) => (this.#wake = resolve));
    }
  }
}
