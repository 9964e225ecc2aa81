import { describe, expect, it } from 'vitest';
import { canRetrySummary, NO_SUMMARY_FAILURES, recordSummaryFailure, recordSummarySuccess, turnsUntilSummaryRetry } from './summary-retry.ts';

describe('summary retry back-off', () => {
  it('allows an attempt at once when nothing failed', () => {
    expect(canRetrySummary(NO_SUMMARY_FAILURES, 10)).toBe(true);
  });

  it('waits 2, 4, 8, 16, 16 more turns after each failure in a row', () => {
    let state = NO_SUMMARY_FAILURES;
    const waits: number[] = [];
    let turn = 40;
    for (let i = 0; i < 5; i += 1) {
      state = recordSummaryFailure(state, turn);
      waits.push(turnsUntilSummaryRetry(state, turn));
      expect(canRetrySummary(state, turn + waits[i]! - 1)).toBe(false);
      turn += waits[i]!;
      expect(canRetrySummary(state, turn)).toBe(true);
    }
    expect(waits).toEqual([2, 4, 8, 16, 16]);
  });

  it('resets after a success and honours custom settings', () => {
    const failed = recordSummaryFailure(recordSummaryFailure(NO_SUMMARY_FAILURES, 10), 12);
    expect(turnsUntilSummaryRetry(failed, 12, { baseTurns: 3, maxTurns: 5 })).toBe(5);
    expect(recordSummarySuccess()).toEqual(NO_SUMMARY_FAILURES);
  });
});
