import type { CompletionRequest } from '../llm-engine.ts';
import type { SamplingOptions } from '../sampling.ts';
import type { InterviewExchange } from './conduct-interview.ts';
import type { PersonaLanguage } from '../persona/index.ts';
import { EVIDENCE_DIMENSIONS, RUBRICS, SCORE_MAX, SCORE_MIN, type DimensionRubric, type JudgeDimension } from './dimensions.ts';
import type { InterviewItem } from './interview-set.ts';
import { RUBRICS_ZH } from './rubrics-zh.ts';
import type { PairExample, ScoreExample } from './calibration-set.ts';

/** How judge calls are sent. */
export interface JudgeCallOptions {
  sampling?: SamplingOptions;
  /** Default 768: room for the reasons and the score line. */
  maxTokens?: number;
  /** 0-based sample index; shifts `sampling.seed` so k samples differ. */
  sample?: number;
  /** Hand-labelled calibration examples shown to the judge before its instructions (none: no such section). */
  shots?: { scores?: readonly ScoreExample[]; pairs?: readonly PairExample[] };
}

/** What the judge looks at: the character and one interview transcript. */
export interface JudgeSubject {
  characterName: string;
  /** From {@link personaProfile}. */
  profile: string;
  /** The interview item (absent for a chat). */
  item?: InterviewItem;
  exchanges: readonly InterviewExchange[];
  /** The rubric's language (default English). */
  language?: PersonaLanguage;
  /** Memories the character was given (checked by correctness); none: the section is left out. */
  memories?: readonly string[];
  /** `chat`: one of the user's own chats (the user's lines, the newest part when long); default an interview. */
  source?: 'interview' | 'chat';
  /** A group chat: each exchange's question names its speakers (`User: …`, other characters), see rated-chat.ts. */
  group?: boolean;
}

/** A chat's transcript shown to the judge keeps its newest part up to this many characters. */
export const MAX_CHAT_TRANSCRIPT_CHARS = 12000;

/** The criterion of pairwise comparisons. */
export const PAIRWISE_CRITERION =
  'Which conversation shows the better role-play: the character stays consistent with its profile, sounds like a real person, is engaging, respects what it could not know, and remembers what was said?';

const SYSTEM =
  "You are a strict and fair evaluator of role-play dialogue. You judge only the character's replies, never the interviewer. Replies may be in any language; judge them in their own language. Length is not quality.";

/** Renders a transcript as "Interviewer: …" / "Name: …" lines. */
export function formatTranscript(characterName: string, exchanges: readonly InterviewExchange[]): string {
  return exchanges.map((e) => `Interviewer${e.followUp ? ' (follow-up)' : ''}: ${e.question}\n${characterName}: ${e.answer}`).join('\n\n');
}

function chatBlock(characterName: string, e: InterviewExchange, group: boolean): string {
  return `${e.question === '' ? '' : `${group ? '' : 'User: '}${e.question}\n`}${characterName}: ${e.answer}`;
}

/** How many of a chat's exchanges the judge is shown: the newest that fit {@link MAX_CHAT_TRANSCRIPT_CHARS} (at least one). */
export function shownChatExchanges(characterName: string, exchanges: readonly InterviewExchange[], group = false): number {
  let shown = 0;
  let size = 0;
  for (let i = exchanges.length - 1; i >= 0; i--) {
    const block = chatBlock(characterName, exchanges[i]!, group);
    if (shown > 0 && size + block.length > MAX_CHAT_TRANSCRIPT_CHARS) break;
    shown++;
    size += block.length + 2;
  }
  return shown;
}

/**
 * Renders a chat as "User: …" / "Name: …" lines (an exchange with an empty question is the
 * greeting), keeping the newest exchanges that fit {@link MAX_CHAT_TRANSCRIPT_CHARS} and saying
 * how many earlier ones were left out. `group`: the questions name their speakers already.
 */
export function formatChatTranscript(characterName: string, exchanges: readonly InterviewExchange[], group = false): string {
  const shown = shownChatExchanges(characterName, exchanges, group);
  const kept = exchanges.slice(exchanges.length - shown).map((e) => chatBlock(characterName, e, group));
  const left = exchanges.length - shown;
  return [...(left > 0 ? [`(${left} earlier exchanges left out)`] : []), ...kept].join('\n\n');
}

/** The rubric of `dimension` in `language` (English unless Chinese). */
export function rubricFor(dimension: JudgeDimension, language: PersonaLanguage = 'en'): DimensionRubric {
  return (language === 'zh' ? RUBRICS_ZH : RUBRICS)[dimension];
}

function request(user: string, options: JudgeCallOptions): CompletionRequest {
  const sampling = { ...options.sampling };
  if (sampling.seed !== undefined) sampling.seed += options.sample ?? 0;
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: user },
      ],
    },
    maxTokens: options.maxTokens ?? 768,
    sampling,
    enableThinking: false,
  };
}

function context(subject: Pick<JudgeSubject, 'profile' | 'item' | 'memories'>): string {
  const note = subject.item?.judgeNote ? `\n\n[Note for the evaluator]\n${subject.item.judgeNote}` : '';
  const memories = subject.memories?.length ? `\n\n[Memories the character was given]\n${subject.memories.map((m) => `- ${m}`).join('\n')}` : '';
  return `[Character profile]\n${subject.profile}${memories}${note}`;
}

const SHOTS_HEADER = '[Calibration examples, graded by hand — grade the same way; they are not part of the conversation above]';

function scoreShots(shots: readonly ScoreExample[] | undefined): string[] {
  if (!shots?.length) return [];
  const blocks = shots.map((e, i) => {
    const dialogue = e.dialogue.map(([q, a]) => `Interviewer: ${q}\n${e.characterName}: ${a}`).join('\n');
    return `Example ${i + 1}\n${e.character}\n${dialogue}\nScore: ${e.score} — ${e.why}`;
  });
  return [`${SHOTS_HEADER}\n${blocks.join('\n\n')}`];
}

function pairShots(shots: readonly PairExample[] | undefined): string[] {
  if (!shots?.length) return [];
  const blocks = shots.map(
    (e, i) =>
      `Example ${i + 1}\n${e.character}\nInterviewer: ${e.question}\nA — ${e.characterName}: ${e.a}\nB — ${e.characterName}: ${e.b}\nVerdict: ${e.winner} — ${e.why}`,
  );
  return [`${SHOTS_HEADER}\n${blocks.join('\n\n')}`];
}

const EVIDENCE_INSTRUCTION =
  'For each factual claim in the replies, write one line starting with "Evidence:" that quotes the claim and the words of the profile or the memories that support or contradict it (or says that nothing there covers it, or that it lies outside what the character could know).';

/**
 * The request for one single-answer grading of `dimension`: profile, transcript, rubric, then
 * "reasons first, `Score: N` alone on the last line".
 */
export function buildSingleJudgeRequest(subject: JudgeSubject, dimension: JudgeDimension, options: JudgeCallOptions = {}): CompletionRequest {
  const rubric = rubricFor(dimension, subject.language);
  const levels = rubric.levels.map((text, i) => `${i + SCORE_MIN} = ${text}`).join('\n');
  const transcript =
    subject.source === 'chat'
      ? `[${subject.group ? `Group chat: grade only ${subject.characterName}'s replies; the other characters' lines are context` : 'Chat'}]\n${formatChatTranscript(subject.characterName, subject.exchanges, subject.group)}`
      : `[Interview]\n${formatTranscript(subject.characterName, subject.exchanges)}`;
  const evidence = EVIDENCE_DIMENSIONS.includes(dimension) ? ` ${EVIDENCE_INSTRUCTION}` : '';
  const user = [
    context(subject),
    transcript,
    `[Dimension: ${rubric.title}]\n${rubric.question}\n${levels}`,
    ...scoreShots(options.shots?.scores),
    `[Instructions]\nFirst explain your reasons in a few sentences, quoting the replies where useful.${evidence} Then write the score on a line of its own as the very last line, exactly in the form "Score: N" where N is a whole number from ${SCORE_MIN} to ${SCORE_MAX}. Write nothing after that line.`,
  ].join('\n\n');
  return request(user, options);
}

/**
 * The request for one pairwise comparison: conversation A and conversation B (the caller swaps
 * them for the second order), then "reasons first, `Verdict: A|B|tie` on the last line".
 */
export function buildPairwiseJudgeRequest(
  subject: Pick<JudgeSubject, 'characterName' | 'profile' | 'item'>,
  shownAsA: readonly InterviewExchange[],
  shownAsB: readonly InterviewExchange[],
  options: JudgeCallOptions = {},
): CompletionRequest {
  const user = [
    context(subject),
    `[Conversation A]\n${formatTranscript(subject.characterName, shownAsA)}`,
    `[Conversation B]\n${formatTranscript(subject.characterName, shownAsB)}`,
    `[Question]\n${PAIRWISE_CRITERION}`,
    ...pairShots(options.shots?.pairs),
    '[Instructions]\nThe order of the conversations is random; do not let it influence you. First explain your reasons in a few sentences. Then write your verdict on a line of its own as the very last line, exactly "Verdict: A", "Verdict: B" or "Verdict: tie". Write nothing after that line.',
  ].join('\n\n');
  return request(user, options);
}
