import type { TokenCounter } from '../token-counter.ts';
import { classifyBoundaryReply, type BoundaryReaction } from './boundary-check.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import { distinctN } from './distinct-n.ts';
import type { InterviewItem } from './interview-set.ts';
import { detectRoleBreak } from './role-break.ts';

/** Judge-free measurements over one configuration's replies. Rates are 0..1, null when undefined. */
export interface ReplyMetrics {
  replies: number;
  distinct1: number | null;
  distinct2: number | null;
  /** Share of replies that kept their reply form (a line closed at its quote; a scene ended its own turn), among replies with that flag. */
  quoteCompliance: number | null;
  quoteChecked: number;
  roleBreakRate: number | null;
  roleBreaks: number;
  /** How often each role-break rule fired. */
  roleBreakRules: Record<string, number>;
  /** Share of replies containing at least one catchphrase; null when the persona has none. */
  catchphraseRate: number | null;
  avgChars: number | null;
  /** From the token counter, else from the replies' own token counts when all have one. */
  avgTokens: number | null;
  dodgeRate: number | null;
  boundaryProbes: number;
  boundaryPassRate: number | null;
  boundaryReactions: Record<BoundaryReaction, number>;
  memoryProbes: number;
  memoryRecallRate: number | null;
}

/** One item's transcript, as metrics read it. */
export interface MetricTranscript {
  item: InterviewItem;
  exchanges: readonly InterviewExchange[];
}

const norm = (text: string): string => text.normalize('NFKC').toLowerCase();
const rate = (count: number, total: number): number | null => (total === 0 ? null : count / total);
const mean = (values: readonly number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length);

function lastAnswer(t: MetricTranscript): InterviewExchange | undefined {
  return t.exchanges.at(-1);
}

function boundaryStats(transcripts: readonly MetricTranscript[]): Pick<ReplyMetrics, 'boundaryProbes' | 'boundaryPassRate' | 'boundaryReactions'> {
  const reactions: Record<BoundaryReaction, number> = { confused: 0, explained: 0, mixed: 0, unclear: 0 };
  const probes = transcripts
    .filter((t) => t.item.category === 'boundary')
    .map(lastAnswer)
    .filter((e) => e !== undefined);
  for (const e of probes) reactions[classifyBoundaryReply(e.answer, { question: e.question })]++;
  return { boundaryProbes: probes.length, boundaryPassRate: rate(reactions.confused, probes.length), boundaryReactions: reactions };
}

function memoryStats(transcripts: readonly MetricTranscript[]): Pick<ReplyMetrics, 'memoryProbes' | 'memoryRecallRate'> {
  const probes = transcripts.filter((t) => (t.item.expectedRecall?.length ?? 0) > 0 && t.exchanges.length > 0);
  const recalled = probes.filter((t) => {
    const answer = norm(lastAnswer(t)?.answer ?? '');
    return (t.item.expectedRecall ?? []).every((word) => answer.includes(norm(word)));
  });
  return { memoryProbes: probes.length, memoryRecallRate: rate(recalled.length, probes.length) };
}

/**
 * Computes every judge-free metric over the transcripts of one configuration: distinct-1/2,
 * quote compliance, role breaks, catchphrase presence, reply length, dodges, boundary-probe
 * pass rate (keyword rules on the last reply) and memory recall (all expected words present).
 */
export function computeReplyMetrics(
  transcripts: readonly MetricTranscript[],
  options: { catchphrases?: readonly string[]; tokenCounter?: TokenCounter } = {},
): ReplyMetrics {
  const exchanges = transcripts.flatMap((t) => t.exchanges);
  const texts = exchanges.map((e) => e.answer);
  const quoted = exchanges.filter((e) => e.closedQuote !== undefined);
  const breaks = texts.map(detectRoleBreak);
  const rules: Record<string, number> = {};
  for (const id of breaks.flat()) rules[id] = (rules[id] ?? 0) + 1;
  const phrases = (options.catchphrases ?? []).map(norm).filter((p) => p.trim() !== '');
  const withPhrase = texts.filter((t) => phrases.some((p) => norm(t).includes(p))).length;
  const counter = options.tokenCounter;
  const ownTokens = exchanges.every((e) => e.tokens !== undefined) ? exchanges.map((e) => e.tokens ?? 0) : [];
  return {
    replies: texts.length,
    distinct1: distinctN(texts, 1),
    distinct2: distinctN(texts, 2),
    quoteCompliance: rate(quoted.filter((e) => e.closedQuote).length, quoted.length),
    quoteChecked: quoted.length,
    roleBreakRate: rate(breaks.filter((b) => b.length > 0).length, texts.length),
    roleBreaks: breaks.filter((b) => b.length > 0).length,
    roleBreakRules: rules,
    catchphraseRate: phrases.length === 0 ? null : rate(withPhrase, texts.length),
    avgChars: mean(texts.map((t) => [...t].length)),
    avgTokens: counter ? mean(texts.map((t) => counter.count(t))) : mean(ownTokens),
    dodgeRate: rate(exchanges.filter((e) => e.dodged).length, exchanges.length),
    ...boundaryStats(transcripts),
    ...memoryStats(transcripts),
  };
}
