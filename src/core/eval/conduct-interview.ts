import type { PersonaLanguage } from '../persona/index.ts';
import { followUpQuestion, isDodge } from './dodge-detector.ts';
import { followUpsEnabled, MAX_INTERVIEW_TURNS, type InterviewItem } from './interview-set.ts';
import type { FollowUpReason, Interviewer } from './interviewer.ts';

/** One question and the character's reply. */
export interface InterviewExchange {
  question: string;
  answer: string;
  /** True for a follow-up the harness added (after a dodge, or asked by a model interviewer). */
  followUp: boolean;
  /** Follow-ups: who asked it, the model interviewer or the script (absent in runs saved before: the script). */
  askedBy?: 'model' | 'script';
  /** Follow-ups: why it was asked (the script asks only after a dodge). */
  reason?: FollowUpReason;
  /** What a model interviewer made of this answer: asked a follow-up, was done, or gave an unreadable answer (absent when none looked). */
  interviewer?: 'follow-up' | 'done' | 'unparseable';
  /** The dodge detector's view of this answer. */
  dodged: boolean;
  /** From the generation step: the reply kept its form (a line closed at its quote; a scene ended its own turn). */
  closedQuote?: boolean;
  /** Reply length in tokens, when the generation step knows it. */
  tokens?: number;
  /** The memories retrieval put into this answer's prompt (the memory flag): correctness checks claims against them. */
  memories?: string[];
}

/** A reply with flags from the generation step. */
export interface AnswerReply {
  text: string;
  closedQuote?: boolean;
  tokens?: number;
  /** The memories the answer's prompt carried. */
  memories?: readonly string[];
}

/** Where an answer is asked for; lets one function serve several configurations. */
export interface AnswerContext {
  configurationId: string;
  itemId: string;
  /** 0-based index of this question in the conversation. */
  turnIndex: number;
  signal?: AbortSignal;
}

/**
 * Supplied by the caller: produces the character's reply to `question` after `history`
 * (earlier exchanges of the same interview), e.g. through the app's chat pipeline.
 */
export type AnswerFn = (question: string, history: readonly InterviewExchange[], context: AnswerContext) => Promise<string | AnswerReply>;

/** Options of {@link conductInterview}. */
export interface ConductOptions {
  language: PersonaLanguage;
  configurationId: string;
  signal?: AbortSignal;
  /** A model interviewer and what it is told; without one the script asks the follow-ups. */
  interviewer?: { ask: Interviewer; maxFollowUps: number; characterName: string; profile: string };
}

type FollowUpMark = Pick<InterviewExchange, 'askedBy' | 'reason'>;

async function ask(
  answer: AnswerFn,
  question: string,
  history: InterviewExchange[],
  context: AnswerContext,
  followUp: FollowUpMark | null,
): Promise<InterviewExchange> {
  const reply = await answer(question, [...history], context);
  const r: AnswerReply = typeof reply === 'string' ? { text: reply } : reply;
  const exchange: InterviewExchange = { question, answer: r.text, followUp: followUp !== null, ...followUp, dodged: isDodge(r.text) };
  if (r.closedQuote !== undefined) exchange.closedQuote = r.closedQuote;
  if (r.tokens !== undefined) exchange.tokens = r.tokens;
  if (r.memories?.length) exchange.memories = [...r.memories];
  return exchange;
}

/**
 * Runs one interview item: asks each scripted turn and decides on follow-ups after each answer.
 * Without a model interviewer (the script): after a dodged answer one follow-up, when the item
 * allows follow-ups and the conversation stays within 5 turns. With one: after every answer
 * (follow-up answers too) the interviewer may ask a follow-up (a dodge, a contradiction, a
 * shallow answer), at most `maxFollowUps` per item; when its answer cannot be read, the script
 * decides for that answer (within the same cap); "done" is respected.
 * @throws whatever `answer` or the interviewer throws; the signal's reason when it is aborted.
 */
export async function conductInterview(item: InterviewItem, answer: AnswerFn, options: ConductOptions): Promise<InterviewExchange[]> {
  const history: InterviewExchange[] = [];
  const followUps = followUpsEnabled(item);
  const interviewer = options.interviewer;
  let asked = 0;
  const context = (): AnswerContext => ({
    configurationId: options.configurationId,
    itemId: item.id,
    turnIndex: history.length,
    signal: options.signal,
  });
  const follow = async (question: string, mark: FollowUpMark): Promise<InterviewExchange> => {
    options.signal?.throwIfAborted();
    const exchange = await ask(answer, question, history, context(), mark);
    history.push(exchange);
    asked++;
    return exchange;
  };
  for (const [index, question] of item.turns.entries()) {
    const remaining = item.turns.length - index - 1;
    options.signal?.throwIfAborted();
    let last = await ask(answer, question, history, context(), null);
    history.push(last);
    while (followUps) {
      if (interviewer && asked < interviewer.maxFollowUps) {
        options.signal?.throwIfAborted();
        const decision = await interviewer.ask({
          item,
          characterName: interviewer.characterName,
          profile: interviewer.profile,
          exchanges: [...history],
          language: options.language,
          followUpsLeft: interviewer.maxFollowUps - asked,
          signal: options.signal,
        });
        last = { ...last, interviewer: decision ? decision.action : 'unparseable' };
        history[history.length - 1] = last;
        if (decision?.action === 'follow-up') {
          last = await follow(decision.question, { askedBy: 'model', reason: decision.reason });
          continue;
        }
        if (decision?.action === 'done') break;
      }
      const room = interviewer ? asked < interviewer.maxFollowUps : history.length + remaining < MAX_INTERVIEW_TURNS;
      if (last.dodged && last.askedBy !== 'script' && room)
        await follow(followUpQuestion(last.question, options.language), { askedBy: 'script', reason: 'dodge' });
      break;
    }
  }
  return history;
}
