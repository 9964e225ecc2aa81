/** Failed summarization attempts of one chat, counted in turns (pure state, keep it per chat). */
export interface SummaryRetryState {
  /** Failures in a row since the last success. */
  failures: number;
  /** Number of turns in the chat when the last attempt failed. */
  lastFailureTurnCount: number;
}

/** Back-off settings: wait `baseTurns`, then twice as many after each failure, up to `maxTurns`. */
export interface SummaryRetryOptions {
  baseTurns: number;
  maxTurns: number;
}

/** Defaults: retry after 2, 4, 8, 16, then every 16 new turns. */
export const DEFAULT_SUMMARY_RETRY: Readonly<SummaryRetryOptions> = { baseTurns: 2, maxTurns: 16 };

/** The state of a chat whose summaries never failed (or just succeeded). */
export const NO_SUMMARY_FAILURES: Readonly<SummaryRetryState> = { failures: 0, lastFailureTurnCount: 0 };

/** State after a failed (garbled or engine-failed) attempt made when the chat had `turnCount` turns. A cancel is not a failure. */
export function recordSummaryFailure(state: SummaryRetryState, turnCount: number): SummaryRetryState {
  return { failures: state.failures + 1, lastFailureTurnCount: turnCount };
}

/** State after a successful summary: the back-off is reset. */
export function recordSummarySuccess(): SummaryRetryState {
  return { ...NO_SUMMARY_FAILURES };
}

/** How many more turns must be added before the next automatic attempt (0: try now). */
export function turnsUntilSummaryRetry(state: SummaryRetryState, turnCount: number, options: SummaryRetryOptions = DEFAULT_SUMMARY_RETRY): number {
  if (state.failures === 0) return 0;
  const wait = Math.min(options.maxTurns, options.baseTurns * 2 ** (state.failures - 1));
  return Math.max(0, state.lastFailureTurnCount + wait - turnCount);
}

/** True when an automatic summarization attempt may run now (a user's "retry" may always run). */
export function canRetrySummary(state: SummaryRetryState, turnCount: number, options?: SummaryRetryOptions): boolean {
  return turnsUntilSummaryRetry(state, turnCount, options) === 0;
}
