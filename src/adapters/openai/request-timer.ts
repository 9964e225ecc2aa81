/** Which deadline ran out: waiting for the response headers, or silence mid-body. */
export type Deadline = 'request' | 'stall';

/**
 * One request's abort controller: aborts on the caller's signal or when an armed deadline
 * passes, and remembers which of the two happened so errors can be told apart from a Stop.
 */
export class RequestTimer {
  readonly #controller = new AbortController();
  readonly #userSignal: AbortSignal | undefined;
  readonly #onUserAbort = (): void => this.#controller.abort(this.#userSignal?.reason);
  #timer: ReturnType<typeof setTimeout> | undefined;
  #expired: Deadline | null = null;

  constructor(userSignal?: AbortSignal) {
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#controller.abort(userSignal.reason);
    else userSignal?.addEventListener('abort', this.#onUserAbort, { once: true });
  }

  /** The signal to hand to fetch. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** The deadline that aborted the request, if one did. */
  get expired(): Deadline | null {
    return this.#expired;
  }

  /** True when the caller's signal aborted (a Stop), as opposed to a deadline. */
  get cancelled(): boolean {
    return this.#userSignal?.aborted === true;
  }

  /** Starts (or restarts) a deadline of `ms` milliseconds. */
  arm(deadline: Deadline, ms: number): void {
    this.disarm();
    this.#timer = setTimeout(() => {
      this.#expired = deadline;
      this.#controller.abort(new Error(`${deadline} deadline of ${ms} ms passed`));
    }, ms);
  }

  /** Stops the running deadline, if any. */
  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Runs `work` under a deadline; the deadline is cleared when it settles. */
  async within<T>(deadline: Deadline, ms: number, work: () => Promise<T>): Promise<T> {
    this.arm(deadline, ms);
    try {
      return await work();
    } finally {
      this.disarm();
    }
  }

  /** Aborts the request (used when the consumer leaves a stream early). */
  abort(): void {
    this.#controller.abort();
  }

  /** Clears the deadline and stops listening to the caller's signal. */
  dispose(): void {
    this.disarm();
    this.#userSignal?.removeEventListener('abort', this.#onUserAbort);
  }
}
