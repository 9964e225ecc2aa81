import { AppError, ValidationError } from '../errors/index.ts';
import { english, msg, type Message, type PlainKey } from '../i18n/message.ts';
import type { CompletionRequest, LlmEngine } from '../llm-engine.ts';
import { collectText, type CollectedText } from '../llm-output.ts';
import { conductInterview, type AnswerFn } from './conduct-interview.ts';
import type { EvalConfiguration } from './configurations.ts';
import { EVIDENCE_DIMENSIONS, type JudgeDimension } from './dimensions.ts';
import type { InterviewItem } from './interview-set.ts';
import { buildPairwiseJudgeRequest, buildSingleJudgeRequest, type JudgeCallOptions, type JudgeSubject } from './judge-prompts.ts';
import type { EvalRunState } from './run-state.ts';
import { answerKey, isTaskDone, pairwiseSamples, planTasks, type EvalTask } from './run-tasks.ts';
import { parseEvidence, parseJudgeScore } from './score-parser.ts';
import { parseVerdict } from './verdict-parser.ts';
import { modelInterviewer, type Interviewer } from './interviewer.ts';
import { shownPairExamples, shownScoreExamples } from './calibration-set.ts';

/** Progress of a run: tasks done out of total, and what happens now. */
export interface EvalProgress {
  done: number;
  total: number;
  phase: EvalTask['kind'] | 'finished';
  /** What happens now, e.g. `Judging "identity-who" (no-quote), consistency, sample 2/3` (`english()` gives the line for logs). */
  step: Message;
  /** The task about to run (absent when finished). */
  task?: EvalTask;
}

/** What {@link runEvaluation} works with. */
export interface RunDependencies {
  /** The answer function of each configuration (e.g. the chat pipeline with its flags). */
  answerFor: (configuration: EvalConfiguration) => AnswerFn;
  judge: LlmEngine;
  /** The answering model, for a plan whose interviewer is the answering model (without it the script asks). */
  answering?: LlmEngine;
  signal?: AbortSignal;
  onProgress?: (progress: EvalProgress) => void;
  /** Called after every finished task with the live state; save it (awaited) to resume later. */
  onCheckpoint?: (state: EvalRunState) => void | Promise<void>;
  now?: () => number;
}

/** Thrown internally when the run is cancelled mid-task. */
class Cancelled extends Error {}

const DIMENSION_STEP_KEYS: Readonly<Record<JudgeDimension, PlainKey>> = {
  consistency: 'eval.step.dimension.consistency',
  humanLikeness: 'eval.step.dimension.humanLikeness',
  engagement: 'eval.step.dimension.engagement',
  quality: 'eval.step.dimension.quality',
  safety: 'eval.step.dimension.safety',
  knowledgeBoundary: 'eval.step.dimension.knowledgeBoundary',
  memory: 'eval.step.dimension.memory',
  correctness: 'eval.step.dimension.correctness',
  overall: 'eval.step.dimension.overall',
};

function stepMessage(task: EvalTask, state: EvalRunState): Message {
  const samples = state.plan.judge.samples;
  if (task.kind === 'judge-chat') {
    const chat = state.plan.chats?.find((c) => c.chatId === task.chatId)?.title ?? task.chatId;
    return msg('eval.step.judgeChat', { chat, dimension: msg(DIMENSION_STEP_KEYS[task.dimension]), sample: task.sample + 1, samples });
  }
  const at = { item: task.itemId };
  if (task.kind === 'answer') return msg('eval.step.answer', { ...at, configuration: task.configurationId });
  if (task.kind === 'judge') {
    const dimension = msg(DIMENSION_STEP_KEYS[task.dimension]);
    return msg('eval.step.judge', { ...at, configuration: task.configurationId, dimension, sample: task.sample + 1, samples });
  }
  const order = msg(task.order === 'ab' ? 'eval.step.order.ab' : 'eval.step.order.ba');
  const pairSamples = pairwiseSamples(state.plan);
  if (pairSamples > 1) return msg('eval.step.compareSample', { ...at, a: task.a, b: task.b, order, sample: task.sample + 1, samples: pairSamples });
  return msg('eval.step.compare', { ...at, a: task.a, b: task.b, order });
}

/** The judge's view of one of the user's rated chats, with the stored memories snapshotted for it on the dimensions that quote evidence (correctness). */
function chatSubject(state: EvalRunState, chatId: string, dimension: JudgeDimension): JudgeSubject {
  const chat = state.plan.chats?.find((c) => c.chatId === chatId);
  if (!chat) throw new ValidationError('invalid', msg('eval.error.ratedChatMissing', { id: chatId }));
  const { name, profile } = state.plan.character;
  return {
    characterName: name,
    profile,
    exchanges: chat.exchanges,
    language: state.plan.set.language,
    source: 'chat',
    ...(chat.memories?.length && EVIDENCE_DIMENSIONS.includes(dimension) ? { memories: chat.memories } : {}),
    ...(chat.group ? { group: true } : {}),
  };
}

/** Judges one sample on one dimension: the single-score path of interview items and rated chats alike. */
async function judgeOnce(deps: RunDependencies, subject: JudgeSubject, dimension: JudgeDimension, options: JudgeCallOptions) {
  const { text, finishReason } = await judgeText(deps, buildSingleJudgeRequest(subject, dimension, options));
  const evidence = EVIDENCE_DIMENSIONS.includes(dimension) ? parseEvidence(text) : [];
  return { raw: text, finishReason, result: parseJudgeScore(text), ...(evidence.length > 0 ? { evidence } : {}) };
}

function findItem(state: EvalRunState, itemId: string): InterviewItem {
  const item = state.plan.set.items.find((i) => i.id === itemId);
  if (!item) {
    throw new ValidationError('invalid', msg('eval.error.itemMissing', { id: itemId }));
  }
  return item;
}

/** An interview transcript as the judge sees it; on the dimensions that quote evidence (correctness), with the memories its answers' prompts carried. */
function subject(state: EvalRunState, item: InterviewItem, configurationId: string, dimension?: JudgeDimension): JudgeSubject {
  const transcript = state.transcripts[answerKey(configurationId, item.id)];
  if (!transcript) {
    throw new ValidationError('invalid', msg('eval.error.answersMissing', { configuration: configurationId, item: item.id }));
  }
  const { name, profile } = state.plan.character;
  const memories = dimension && EVIDENCE_DIMENSIONS.includes(dimension) ? [...new Set(transcript.exchanges.flatMap((e) => e.memories ?? []))] : [];
  return {
    characterName: name,
    profile,
    item,
    exchanges: transcript.exchanges,
    language: state.plan.set.language,
    ...(memories.length > 0 ? { memories } : {}),
  };
}

async function judgeText(deps: RunDependencies, request: CompletionRequest): Promise<CollectedText> {
  const result = await collectText(deps.judge, request, { signal: deps.signal });
  if (result.finishReason === 'abort' || deps.signal?.aborted) throw new Cancelled();
  return result;
}

/** The plan's model interviewer, when it has one and its engine is at hand (else the script asks). */
function interviewerOf(
  state: EvalRunState,
  deps: RunDependencies,
): { ask: Interviewer; maxFollowUps: number; characterName: string; profile: string } | undefined {
  const settings = state.plan.interviewer;
  const engine = settings?.engine === 'judge' ? deps.judge : settings?.engine === 'answering' ? deps.answering : undefined;
  if (!settings || !engine) return undefined;
  const { name, profile } = state.plan.character;
  return { ask: modelInterviewer(engine, { sampling: state.plan.judge.sampling }), maxFollowUps: settings.maxFollowUps, characterName: name, profile };
}

async function runTask(task: EvalTask, state: EvalRunState, deps: RunDependencies): Promise<void> {
  const judge = state.plan.judge;
  const options = { sampling: judge.sampling, maxTokens: judge.maxTokens };
  const language = state.plan.set.language;
  const scoreShots = (dimension: JudgeDimension) => (judge.calibration ? { shots: { scores: shownScoreExamples(language, dimension) } } : {});
  if (task.kind === 'judge-chat') {
    const judged = await judgeOnce(deps, chatSubject(state, task.chatId, task.dimension), task.dimension, {
      ...options,
      ...scoreShots(task.dimension),
      sample: task.sample,
    });
    const { chatId, dimension, sample } = task;
    state.chatJudgements = { ...state.chatJudgements, [task.key]: { chatId, dimension, sample, ...judged } };
    return;
  }
  const item = findItem(state, task.itemId);
  if (task.kind === 'answer') {
    const configuration = state.plan.configurations.find((c) => c.id === task.configurationId);
    if (!configuration) {
      throw new ValidationError('invalid', msg('eval.error.configurationMissing', { id: task.configurationId }));
    }
    const interviewer = interviewerOf(state, deps);
    const exchanges = await conductInterview(item, deps.answerFor(configuration), {
      language,
      configurationId: configuration.id,
      signal: deps.signal,
      ...(interviewer ? { interviewer } : {}),
    });
    if (deps.signal?.aborted) throw new Cancelled();
    state.transcripts[task.key] = { configurationId: configuration.id, itemId: item.id, exchanges };
  } else if (task.kind === 'judge') {
    const judged = await judgeOnce(deps, subject(state, item, task.configurationId, task.dimension), task.dimension, {
      ...options,
      ...scoreShots(task.dimension),
      sample: task.sample,
    });
    const { configurationId, itemId, dimension, sample } = task;
    state.judgements[task.key] = { configurationId, itemId, dimension, sample, ...judged };
  } else {
    const a = subject(state, item, task.a);
    const b = subject(state, item, task.b);
    const [first, second] = task.order === 'ab' ? [a, b] : [b, a];
    const shots = judge.calibration ? { shots: { pairs: shownPairExamples(language) } } : {};
    const { text } = await judgeText(deps, buildPairwiseJudgeRequest(a, first.exchanges, second.exchanges, { ...options, ...shots, sample: task.sample }));
    const sample = task.sample === 0 ? {} : { sample: task.sample };
    state.comparisons[task.key] = { a: task.a, b: task.b, itemId: item.id, order: task.order, ...sample, raw: text, verdict: parseVerdict(text) };
  }
}

function errorInfo(error: unknown): NonNullable<EvalRunState['error']> {
  if (error instanceof AppError) return { code: error.code, message: error.message, ...(error.text === undefined ? {} : { text: error.text }) };
  const text = msg('eval.error.unexpected', { message: error instanceof Error ? error.message : String(error) });
  return { code: 'unexpected', message: english(text), text };
}

/**
 * Runs (or resumes) an evaluation: every task whose record is missing from `state`, in plan
 * order, one at a time. Finished tasks are never redone. Returns the new state (the input is
 * not modified) with status `done`, `cancelled` (signal aborted; the task in flight is dropped)
 * or `failed` (an answer call, a judge call or the checkpoint threw; `error` says why). Never
 * rejects: save the returned state and pass it back in to continue.
 */
export async function runEvaluation(initial: EvalRunState, deps: RunDependencies): Promise<EvalRunState> {
  const state = structuredClone(initial);
  const now = deps.now ?? Date.now;
  const tasks = planTasks(state.plan);
  let done = tasks.filter((t) => isTaskDone(state, t)).length;
  state.status = 'running';
  delete state.error;
  for (const task of tasks) {
    if (isTaskDone(state, task)) continue;
    if (deps.signal?.aborted) return finish(state, 'cancelled', now);
    deps.onProgress?.({ done, total: tasks.length, phase: task.kind, step: stepMessage(task, state), task });
    try {
      await runTask(task, state, deps);
      done++;
      state.updatedAt = now();
      await deps.onCheckpoint?.(state);
    } catch (error) {
      if (error instanceof Cancelled || (deps.signal?.aborted && !isTaskDone(state, task))) return finish(state, 'cancelled', now);
      state.error = errorInfo(error);
      return finish(state, 'failed', now);
    }
  }
  deps.onProgress?.({ done, total: tasks.length, phase: 'finished', step: msg('eval.step.finished') });
  return finish(state, 'done', now);
}

function finish(state: EvalRunState, status: EvalRunState['status'], now: () => number): EvalRunState {
  state.status = status;
  state.updatedAt = now();
  return state;
}
