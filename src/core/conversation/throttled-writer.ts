/** Saves the latest value at most once per interval; `flush()` saves what is pending now. */
export interface ThrottledWriter<T> {
  /** Records a new value; a save happens within `intervalMs`. */
  update(value: T): void;
  /** Saves the pending value (if any) and waits for every save to settle. */
  flush(): Promise<void>;
  /** Stops the timer without saving. */
  cancel(): void;
}

/** Timer functions, injectable for tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Throttles saves of a streaming value: the first update schedules a save after `intervalMs`,
 * later updates replace the pending value. Saves never overlap; a failed save is reported to
 * `onError` and the value stays pending so the next save retries it.
 */
export function createThrottledWriter<T>(
  save: (value: T) => Promise<void>,
  intervalMs: number,
  onError: (error: unknown) => void,
  timers: Timers = realTimers,
): ThrottledWriter<T> {
  let pending: { value: T } | null = null;
  let timer: unknown = null;
  let chain: Promise<void> = Promise.resolve();

  const run = (): Promise<void> => {
    timer = null;
    chain = chain.then(async () => {
      const item = pending;
      if (!item) return;
      pending = null;
      try {
        await save(item.value);
      } catch (error) {
        pending ??= item;
        onError(error);
      }
    });
    return chain;
  };

  return {
    update(value) {
      pending = { value };
      timer ??= timers.setTimeout(() => void run(), intervalMs);
    },
    async flush() {
      if (timer !== null) timers.clearTimeout(timer);
      await run();
    },
    cancel() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}
