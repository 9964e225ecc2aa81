import { buildReport, type EvalReport } from '../../core/eval/report.ts';
import type { EvalRunState } from '../../core/eval/run-state.ts';
import { runEvaluation, type EvalProgress } from '../../core/eval/runner.ts';
import { calibrationCalls, measureCalibration, type CalibrationMeasurement } from '../../core/eval/calibrate-judge.ts';
import { createAnswerFor, createEvaluation } from '../../core/eval-pipeline/index.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { Chat } from '../../core/chat.ts';
import { isGroupChat, membersOf, speakerOf } from '../../core/group-chat.ts';
import { groupChatLeftOut, ratedChat, type RatedChat } from '../../core/eval/rated-chat.ts';
import { chatEvidenceMemories } from '../../core/eval/chat-evidence.ts';
import { MemoryIndex } from '../../core/memory/memory-index.ts';
import type { Message as ChatMessage } from '../../core/message.ts';
import type { StoredEvalRun } from '../../core/repository.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import { newId, type ChatId } from '../../core/ids.ts';
import { english, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import { answeringModelLabel, noModelToAnswer, reloadingForJudge, runFailureText } from './eval-texts.ts';
export { savedJudgeUrls } from './eval-judge-settings.ts';
import { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { EvalSetup } from './eval-setup.svelte.ts';
import type { AppServices } from '../app/services.ts';
import { evalSetupKey, Settings } from '../app/settings.ts';

/** What the evaluation reads from the outside. */
export type EvalServices = Pick<AppServices, 'repo' | 'now' | 'engines' | 'loadTokenCounter' | 'connectPolicy'>;

/** The answering engine as the engine state offers it. */
export interface AnsweringEngine {
  engine: LlmEngine | null;
  contextWindow: number;
  /** What is loaded (saved with a run in English, as data). */
  label: Message | null;
}

interface Judge {
  engine: LlmEngine;
  /** True when this run connected it (and unloads it afterwards). */
  owned: boolean;
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}

/**
 * The evaluation page of one persona: the setup form, past runs, the run in progress (with
 * progress, Cancel and Resume; the state is saved after every task) and the report shown.
 */
export class EvalSession {
  readonly setup: EvalSetup;
  runs = $state.raw<StoredEvalRun[]>([]);
  /** The run whose report is shown; updated live while it runs. */
  current = $state.raw<EvalRunState | null>(null);
  running = $state(false);
  progress = $state.raw<EvalProgress | null>(null);
  /** What the user is told about the last failure. */
  error = $state.raw<Message | null>(null);
  counter = $state.raw<TokenCounter | null>(null);
  /** The last "Calibrate judge" measurement of this visit, and its progress while it runs. */
  calibration = $state.raw<CalibrationMeasurement | null>(null);
  /** The judge the last measurement is of (its label): a run reports the measurement only with that judge. */
  #calibratedJudge: string | null = null;
  calibrating = $state.raw<{ done: number; total: number } | null>(null);
  /**
   * The persona's chats the user rated (newest first), which a run can judge too: its one-to-one
   * chats and the group chats it is in where it said enough replies.
   */
  ratedChats = $state.raw<Chat[]>([]);
  /** Why each other rated group chat of the persona is left out. */
  leftOutChats = $state.raw<Message[]>([]);
  readonly report: EvalReport | null = $derived.by(() => (this.current ? buildReport(this.current, { tokenCounter: this.counter ?? undefined }) : null));
  #services: EvalServices;
  #persona: Persona;
  #controller: AbortController | null = null;

  constructor(services: EvalServices, persona: Persona) {
    this.#services = services;
    this.#persona = persona;
    this.setup = new EvalSetup(persona);
  }

  /** Restores the last form and lists the persona's saved runs, newest first, showing the newest report. */
  async load(): Promise<void> {
    try {
      const saved = await new Settings(this.#services.repo.settings).get(evalSetupKey(this.#persona.id));
      if (saved) this.setup.restore(saved);
      await this.#listRatedChats();
      const runs = await this.#services.repo.evalRuns.listByPersona(this.#persona.id);
      this.runs = [...runs].sort((a, b) => b.state.createdAt - a.state.createdAt);
      this.current ??= this.runs[0]?.state ?? null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Follows edits of the persona (used by the next run). */
  updatePersona(persona: Persona): void {
    this.#persona = persona;
  }

  /** Starts a new run of the setup on the answering engine. */
  async start(answering: AnsweringEngine): Promise<void> {
    await this.#exclusive(async () => {
      const engine = this.#ready(answering);
      if (!engine || !(await this.#saveSetup())) return;
      const state = await this.#newRun(answering, engine);
      if (state) await this.#run(state, engine, answering.contextWindow);
    });
  }

  /** Continues a saved run where it stopped; finished tasks are never redone. */
  async resume(runId: string, answering: AnsweringEngine): Promise<void> {
    await this.#exclusive(async () => {
      const stored = this.runs.find((r) => r.id === runId);
      const engine = stored ? this.#ready(answering) : null;
      if (stored && engine && (await this.#saveSetup())) await this.#run(stored.state, engine, answering.contextWindow);
    });
  }

  /**
   * Measures the judge chosen in the form on the held-out calibration examples of the interview's
   * language, without and with the shown examples in its prompt. Cancel stops it; nothing is saved.
   */
  async calibrate(answering: AnsweringEngine): Promise<void> {
    await this.#exclusive(async () => {
      const engine = this.#ready(answering);
      if (!engine || !(await this.#saveSetup())) return;
      const controller = new AbortController();
      this.#controller = controller;
      const language = this.setup.set.language;
      this.calibrating = { done: 0, total: calibrationCalls(language) };
      let judge: Judge | null = null;
      try {
        judge = await this.#judge(engine, controller.signal);
        this.calibration = await measureCalibration(judge.engine, {
          language,
          signal: controller.signal,
          onProgress: (done, total) => (this.calibrating = { done, total }),
        });
        this.#calibratedJudge = this.#judgeLabel(answering);
      } catch (error) {
        if (!controller.signal.aborted) this.error = errorMessage(error);
      } finally {
        this.#controller = null;
        this.calibrating = null;
        if (judge?.owned) await judge.engine.unload();
      }
    });
  }

  /** Runs `task` unless a run is already starting or running; `running` covers the whole of it. */
  async #exclusive(task: () => Promise<void>): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await task();
    } finally {
      this.running = false;
    }
  }

  /** Lists the rated chats a run can judge, and why the others (group chats with too few of the persona's replies) are left out. */
  async #listRatedChats(): Promise<void> {
    const repo = this.#services.repo;
    const [own, groups] = await Promise.all([repo.chats.listByPersona(this.#persona.id), repo.chats.listWithMember(this.#persona.id)]);
    const rated = [...new Map([...own, ...groups].map((c) => [c.id, c])).values()]
      .filter((c) => c.rating !== undefined)
      .sort((a, b) => b.updatedAt - a.updatedAt);
    const judged: Chat[] = [];
    const leftOut: Message[] = [];
    for (const chat of rated) {
      const reason = isGroupChat(chat) ? groupChatLeftOut(chat, await repo.messages.listByChat(chat.id), this.#persona) : null;
      if (reason) leftOut.push(reason);
      else judged.push(chat);
    }
    this.ratedChats = judged;
    this.leftOutChats = leftOut;
  }

  /** The names of a group chat's characters (members and earlier speakers) by persona id. */
  async #castOf(chat: Chat, messages: readonly ChatMessage[]): Promise<Map<string, string>> {
    const ids = new Set([...membersOf(chat).map((m) => m.personaId), ...messages.filter((m) => m.role === 'assistant').map((m) => speakerOf(m, chat))]);
    const cast = new Map<string, string>();
    for (const id of ids) {
      const persona = id === this.#persona.id ? this.#persona : await this.#services.repo.personas.get(id);
      if (persona) cast.set(id, persona.name);
    }
    return cast;
  }

  /**
   * Snapshots of the rated chats when the form asks to judge them (a chat with no reply of the
   * persona left is skipped): a group chat's with only the persona's replies graded, each with the
   * stored memories most relevant to its replies (correctness checks against them).
   */
  async #ratedChats(): Promise<RatedChat[] | undefined> {
    if (!this.setup.judgeRatedChats || this.ratedChats.length === 0) return undefined;
    const repo = this.#services.repo;
    const counter = await this.loadCounter();
    const index = MemoryIndex.build(await repo.memories.listByPersona(this.#persona.id));
    const snapshots: RatedChat[] = [];
    for (const chat of this.ratedChats) {
      const messages = await repo.messages.listByChat(chat.id);
      const speaker = isGroupChat(chat) ? { personaId: this.#persona.id, cast: await this.#castOf(chat, messages) } : undefined;
      const snapshot = ratedChat(chat, messages, speaker);
      if (!snapshot) continue;
      const memories = chatEvidenceMemories({
        index,
        chatId: chat.id,
        characterName: this.#persona.name,
        exchanges: snapshot.exchanges,
        group: snapshot.group === true,
        counter,
        now: this.#services.now(),
      });
      snapshots.push(memories.length > 0 ? { ...snapshot, memories } : snapshot);
    }
    return snapshots;
  }

  /** The calibration measurement a new run reports: the last one, when it is of this judge and the interview's language. */
  #calibrationFor(answering: AnsweringEngine): CalibrationMeasurement | null {
    const last = this.calibration;
    return last && last.language === this.setup.set.language && this.#calibratedJudge === this.#judgeLabel(answering) ? last : null;
  }

  async #newRun(answering: AnsweringEngine, engine: LlmEngine): Promise<EvalRunState | null> {
    try {
      const chats = await this.#ratedChats();
      return createEvaluation(
        {
          persona: this.#persona,
          set: this.setup.snapshot(),
          ablationIds: [...this.setup.ablations],
          samples: this.setup.samples,
          modelLabel: answering.label ? english(answering.label) : (engine.modelId ?? engine.id),
          judgeLabel: this.#judgeLabel(answering),
          aggregation: this.setup.aggregation,
          calibration: this.setup.calibration,
          ...(this.#calibrationFor(answering) ? { calibrationCheck: this.#calibrationFor(answering)! } : {}),
          ...(this.setup.interviewerSettings() ? { interviewer: this.setup.interviewerSettings() } : {}),
          ...(chats ? { chats } : {}),
        },
        { now: this.#services.now() },
      );
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    }
  }

  /** Stops the run after dropping the step in flight; what is done stays saved. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Shows a saved run's report. */
  open(runId: string): void {
    const stored = this.runs.find((r) => r.id === runId);
    if (stored) this.current = stored.state;
  }

  /** Deletes a saved run (not the one running). */
  async remove(runId: string): Promise<void> {
    if (this.running && this.current?.id === runId) return;
    try {
      await this.#services.repo.evalRuns.delete(runId);
      this.runs = this.runs.filter((r) => r.id !== runId);
      if (this.current?.id === runId) this.current = this.runs[0]?.state ?? null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /**
   * Loads the Qwen tokenizer (prompt budgets, average reply tokens in the report).
   * @throws EngineError when it cannot be loaded.
   */
  async loadCounter(): Promise<TokenCounter> {
    const counter = this.counter ?? (await this.#services.loadTokenCounter());
    this.counter = counter;
    return counter;
  }

  #ready(answering: AnsweringEngine): LlmEngine | null {
    this.error = null;
    if (answering.engine) return answering.engine;
    this.error = errorMessage(noModelToAnswer());
    return null;
  }

  /**
   * Saves the form (so a reload keeps it). When the judge's server is not yet allowed by the
   * page's connect policy, also saves it for the policy and reloads; returns false then.
   */
  async #saveSetup(): Promise<boolean> {
    const setup = this.setup.saved();
    const settings = new Settings(this.#services.repo.settings);
    try {
      await settings.set(evalSetupKey(this.#persona.id), setup);
      if (setup.judgeKind !== 'endpoint') return true;
      const baseUrl = setup.judgeEndpoint.baseUrl.trim();
      await settings.set('evalJudge', { baseUrl });
      const policy = this.#services.connectPolicy;
      if (!policy || !/^https?:\/\//i.test(baseUrl) || policy.allows(baseUrl)) return true;
      this.error = reloadingForJudge(baseUrl);
      policy.reload();
      return false;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    }
  }

  #judgeLabel(answering: AnsweringEngine): string {
    const form = this.setup.judgeEndpoint;
    if (this.setup.judgeKind === 'endpoint') return `${form.model.trim()} @ ${hostOf(form.baseUrl.trim())}`;
    return english(answering.label ?? answeringModelLabel());
  }

  /** The judge chosen in the form: the answering engine, or the judge's own server (connected now). */
  async #judge(engine: LlmEngine, signal: AbortSignal): Promise<Judge> {
    if (this.setup.judgeKind === 'current') return { engine, owned: false };
    const form = $state.snapshot(this.setup.judgeEndpoint);
    const choice = { kind: 'openai', endpoint: { baseUrl: form.baseUrl.trim(), apiKey: form.apiKey, model: form.model.trim() } } as const;
    const judge = await this.#services.engines.openai.create(choice, []);
    await judge.load(choice.endpoint.model, { signal });
    return { engine: judge, owned: true };
  }

  async #save(state: EvalRunState): Promise<void> {
    const stored: StoredEvalRun = { id: state.id, personaId: this.#persona.id, updatedAt: state.updatedAt, state };
    await this.#services.repo.evalRuns.put(stored);
    const copy = { ...stored, state: structuredClone(state) };
    const i = this.runs.findIndex((r) => r.id === state.id);
    this.runs = i < 0 ? [copy, ...this.runs] : this.runs.with(i, copy);
    this.current = copy.state;
  }

  async #run(initial: EvalRunState, engine: LlmEngine, contextWindow: number): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    this.error = null;
    this.progress = null;
    let judge: Judge | null = null;
    try {
      const counter = await this.loadCounter();
      judge = await this.#judge(engine, controller.signal);
      await this.#save(initial);
      const memory = new PersonaMemory(this.#services, this.#persona);
      await memory.load();
      const interviewScope = newId<ChatId>();
      const result = await runEvaluation(initial, {
        judge: judge.engine,
        answering: engine,
        answerFor: createAnswerFor({
          persona: this.#persona,
          engine,
          counter,
          contextWindow,
          notes: (_persona, history, turn) => memory.splitNotes(interviewScope, history, { contextWindow, ...turn }),
        }),
        signal: controller.signal,
        onProgress: (p) => (this.progress = p),
        onCheckpoint: (s) => this.#save(s),
        now: this.#services.now,
      });
      await this.#save(result);
      if (result.status === 'failed') this.error = runFailureText(result.error);
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.#controller = null;
      if (judge?.owned) await judge.engine.unload();
    }
  }
}
