/**
 * Cuts streamed text at the first stop string, exactly: what comes before the stop string is
 * emitted, the stop string and everything after it never are. Text that could be the start of
 * a stop string is held back until the next chunk shows whether it is one.
 *
 * llama.cpp's server already honours `stop`; the adapter runs its output through this too, so
 * the port's promise holds even for a stop string split across tokens in an unexpected way.
 */
export class StopCutter {
  readonly #stops: readonly string[];
  #pending = '';
  #stopped = false;

  constructor(stops: readonly string[] = []) {
    this.#stops = stops.filter((s) => s !== '');
  }

  /** True once a stop string has appeared; later input is ignored. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Adds streamed text and returns the part that is now safe to show (possibly ''). */
  push(text: string): string {
    if (this.#stopped) return '';
    const buffer = this.#pending + text;
    const cut = this.#firstStop(buffer);
    if (cut >= 0) {
      this.#stopped = true;
      this.#pending = '';
      return buffer.slice(0, cut);
    }
    const hold = this.#partialStopLength(buffer);
    this.#pending = buffer.slice(buffer.length - hold);
    return buffer.slice(0, buffer.length - hold);
  }

  /** At the end of the stream: the text held back because it looked like a stop string's start. */
  flush(): string {
    const rest = this.#stopped ? '' : this.#pending;
    this.#pending = '';
    return rest;
  }

  #firstStop(buffer: string): number {
    let first = -1;
    for (const stop of this.#stops) {
      const at = buffer.indexOf(stop);
      if (at >= 0 && (first < 0 || at < first)) first = at;
    }
    return first;
  }

  /** Length of the longest end of `buffer` that is a proper beginning of some stop string. */
  #partialStopLength(buffer: string): number {
    let longest = 0;
    for (const stop of this.#stops) {
      for (let n = Math.min(stop.length - 1, buffer.length); n > longest; n--) {
        if (buffer.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
