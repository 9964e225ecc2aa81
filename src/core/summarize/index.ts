export { editSummary, normalizeSummaryText, MAX_SUMMARY_CHARS } from './edit-summary.ts';
export { renderSceneSummary, SUMMARY_LABELS, SUMMARY_LIMITS, type SceneSummary } from './scene-summary.ts';
export { findMissingDetails, repairSummary, type MissingDetails } from './summary-check.ts';
export { activeSummaries, isCovered, isPromptTurn, isSummaryMemory, type SummaryMemory } from './summary-coverage.ts';
export { formatSummariesForPrompt } from './summary-format.ts';
export { parseSceneSummary } from './summary-parser.ts';
export {
  DEFAULT_SUMMARY_POLICY,
  planSummarization,
  type MergePlan,
  type NoSummaryPlan,
  type SummaryPlan,
  type SummaryPolicyInput,
  type SummaryPolicyOptions,
  type SummaryWork,
  type TurnBlockPlan,
} from './summary-policy.ts';
export { buildSummaryRequest, SCENE_SUMMARY_SCHEMA, sourceLines, type SourceLine, type SummaryRequestOptions } from './summary-request.ts';
export {
  canRetrySummary,
  DEFAULT_SUMMARY_RETRY,
  NO_SUMMARY_FAILURES,
  recordSummaryFailure,
  recordSummarySuccess,
  turnsUntilSummaryRetry,
  type SummaryRetryOptions,
  type SummaryRetryState,
} from './summary-retry.ts';
export {
  runSummaryWork,
  summarizeNext,
  type SummarizeContext,
  type SummarizeOutcome,
  type SummarizeProgress,
  type SummaryRunOutcome,
} from './summarize-next.ts';
