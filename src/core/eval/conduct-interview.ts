import type { PersonaLanguage } from '../persona/index.ts';
import { followUpQuestion, isDodge } from './dodge-detector.ts';
import { followUpsEnabled, MAX_INTERVIEW_TURNS, type InterviewItem } from './interview-set.ts';

/** One question and the character's reply. */
export interface InterviewExchange {
  question: string;
  answer: string;
  /** True for a follow-up the harness added after a dodge. */
  followUp: boolean;
  /** The dodge detector's view of this answer. */
  dodged: boolean;
  /** From the generation step: the reply kept its form (a line closed at its quote; a scene ended its own turn). */
  closedQuote?: boolean;
  /** Reply length in tokens, when the generation step knows it. */
  tokens?: number;
}

/** A reply with flags from the generation step. */
export interface AnswerReply {
  text: string;
  closedQuote?: boolean;
  tokens?: number;
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
}

async function ask(answer: AnswerFn, question: string, history: InterviewExchange[], context: AnswerContext, followUp: boolean): Promise<InterviewExchange> {
  const reply = await answer(question, [...history], context);
  const r: AnswerReply = typeof reply === 'string' ? { text: reply } : reply;
  const exchange: InterviewExchange = { question, answer: r.text, followUp, dodged: isDodge(r.text) };
  if (r.closedQuote !== undefined) exchange.closedQuote = r.closedQuote;
  if (r.tokens !== undefined) exchange.tokens = r.tokens;
  return exchange;
}

/**
 * Runs one interview item: asks each scripted turn, and after a dodged answer one follow-up
 * (when the item allows follow-ups and the conversation stays within 5 turns).
 * @throws whatever `answer` throws; the signal's reason when it is aborted.
 */
export async function conductInterview(item: InterviewItem, answer: AnswerFn, options: ConductOptions): Promise<InterviewExchange[]> {
  const history: InterviewExchange[] = [];
  const followUps = followUpsEnabled(item);
  for (const [index, question] of item.turns.entries()) {
    const remaining = item.turns.length - index - 1;
    const context = (): AnswerContext => ({
      configurationId: options.configurationId,
      itemId: item.id,
      turnIndex: history.length,
      signal: options.signal,
    });
    options.signal?.throwIfAborted();
    const exchange = await ask(answer, question, history, context(), false);
    history.push(exchange);
    if (!exchange.dodged || !followUps || history.length + remaining >= MAX_INTERVIEW_TURNS) continue;
    options.signal?.throwIfAborted();
    history.push(await ask(answer, followUpQuestion(question, options.language), history, context(), true));
  }
  return history;
}
