import { defaultAblations } from '../../core/eval/configurations.ts';
import { buildDefaultInterviewSet } from '../../core/eval/default-interview-set.ts';
import type { InterviewCategory, InterviewItem, InterviewSet } from '../../core/eval/interview-set.ts';
import { MAX_INTERVIEW_TURNS } from '../../core/eval/interview-set.ts';
import { generateQuestions } from '../../core/eval/question-generation.ts';
import { validateInterviewSet } from '../../core/eval/validate-interview-set.ts';
import { FULL_CONFIGURATION_ID } from '../../core/eval-pipeline/index.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { Message } from '../../core/i18n/message.ts';
import {
  DEFAULT_INTERVIEWER_FOLLOW_UPS,
  MAX_INTERVIEWER_FOLLOW_UPS,
  type InterviewerEngineChoice,
  type InterviewerSettings,
} from '../../core/eval/interviewer.ts';
import { PAIRWISE_AGGREGATIONS, type PairwiseAggregation } from '../../core/eval/pairwise-outcome.ts';
import { errorMessage } from '../app/error-message.ts';
import { noModelToGenerate, questionsAdded } from './eval-texts.ts';

/** An ablation the user can add next to the full pipeline. */
export interface AblationChoice {
  id: string;
  label: string;
}

/** Every one-click ablation, in catalogue order. */
export const ABLATION_CHOICES: readonly AblationChoice[] = defaultAblations()
  .filter((c) => c.id !== FULL_CONFIGURATION_ID)
  .map(({ id, label }) => ({ id, label }));

/** Who grades the answers: the engine the chat uses, or another OpenAI-compatible server. */
export type JudgeKind = 'current' | 'endpoint';

/** The judge's own server, as typed in the form. */
export interface JudgeEndpointForm {
  baseUrl: string;
  model: string;
  apiKey: string;
}

/** The evaluation form of a persona as saved between visits (and across a reload). */
export interface SavedEvalSetup {
  set: InterviewSet;
  ablations: string[];
  judgeKind: JudgeKind;
  judgeEndpoint: JudgeEndpointForm;
  samples: number;
  /** Also judge the user's rated chats of the persona (absent in forms saved before: off). */
  judgeRatedChats?: boolean;
  /** Who asks the follow-ups, and at most how many a model asks per question (absent in forms saved before: the script, 3). */
  interviewer?: InterviewerEngineChoice;
  maxFollowUps?: number;
  /** How both orders of a comparison make an outcome (absent: both must agree). */
  aggregation?: PairwiseAggregation;
  /** Show the judge the hand-graded calibration examples (absent: off). */
  calibration?: boolean;
}

const INTERVIEWERS: readonly InterviewerEngineChoice[] = ['script', 'answering', 'judge'];

/** How many questions "Generate questions" asks for. */
const GENERATE_COUNT = 5;

/** The evaluation form of one persona: interview set (editable), ablations, judge and samples. */
export class EvalSetup {
  set = $state<InterviewSet>({ version: 1, id: 'default', title: '', language: 'en', items: [] });
  ablations = $state<string[]>([]);
  judgeKind = $state<JudgeKind>('current');
  judgeEndpoint = $state<JudgeEndpointForm>({ baseUrl: 'http://localhost:11434/v1', model: '', apiKey: '' });
  samples = $state(1);
  judgeRatedChats = $state(false);
  interviewer = $state<InterviewerEngineChoice>('script');
  maxFollowUps = $state(DEFAULT_INTERVIEWER_FOLLOW_UPS);
  aggregation = $state<PairwiseAggregation>('agree');
  calibration = $state(false);
  generating = $state(false);
  /** The last "Generate questions" outcome: what was added, or why nothing was. */
  generateNote = $state.raw<Message | null>(null);
  generateError = $state.raw<Message | null>(null);
  #nextId = 1;

  constructor(persona: Persona) {
    this.reset(persona);
  }

  /** Puts back the built-in interview for the persona. */
  reset(persona: Persona): void {
    this.set = buildDefaultInterviewSet(persona);
  }

  /** Removes every question (to write a short interview by hand). */
  clear(): void {
    this.set.items = [];
  }

  /** Adds a single-question item at the end. */
  addQuestion(category: InterviewCategory, question: string): void {
    const text = question.trim();
    if (text === '') return;
    this.set.items.push({ id: this.#freshId('custom'), category, turns: [text] });
  }

  removeItem(id: string): void {
    this.set.items = this.set.items.filter((item) => item.id !== id);
  }

  /** Adds an empty follow-up turn to a conversation item (at most five turns). */
  addTurn(id: string): void {
    const item = this.set.items.find((i) => i.id === id);
    if (item && item.turns.length < MAX_INTERVIEW_TURNS) item.turns.push('');
  }

  /** Removes one turn; the item goes when it was its last. */
  removeTurn(id: string, index: number): void {
    const item = this.set.items.find((i) => i.id === id);
    if (!item) return;
    item.turns.splice(index, 1);
    if (item.turns.length === 0) this.removeItem(id);
  }

  /** Turns every ablation on or off at once. */
  setAllAblations(on: boolean): void {
    this.ablations = on ? ABLATION_CHOICES.map((a) => a.id) : [];
  }

  toggleAblation(id: string, on: boolean): void {
    const rest = this.ablations.filter((a) => a !== id);
    this.ablations = on ? ABLATION_CHOICES.map((a) => a.id).filter((a) => a === id || rest.includes(a)) : rest;
  }

  /** Asks `engine` for a few more questions about the persona and appends them. */
  async generate(persona: Persona, engine: LlmEngine | null): Promise<void> {
    this.generateError = null;
    this.generateNote = null;
    if (!engine) {
      this.generateError = errorMessage(noModelToGenerate());
      return;
    }
    this.generating = true;
    try {
      const existingIds = new Set(this.set.items.map((i) => i.id));
      const { items, rejected } = await generateQuestions(engine, persona, { count: GENERATE_COUNT, language: this.set.language, existingIds });
      this.set.items.push(...items);
      this.generateNote = questionsAdded(items.length, rejected);
    } catch (error) {
      this.generateError = errorMessage(error);
    } finally {
      this.generating = false;
    }
  }

  /** A plain copy of the set as it stands (for a new run). */
  snapshot(): InterviewSet {
    return $state.snapshot(this.set) as InterviewSet;
  }

  /** The whole form as plain data, to be saved and restored with {@link EvalSetup.restore}. */
  saved(): SavedEvalSetup {
    return {
      set: this.snapshot(),
      ablations: [...this.ablations],
      judgeKind: this.judgeKind,
      judgeEndpoint: { ...this.judgeEndpoint },
      samples: this.samples,
      judgeRatedChats: this.judgeRatedChats,
      interviewer: this.interviewer,
      maxFollowUps: this.maxFollowUps,
      aggregation: this.aggregation,
      calibration: this.calibration,
    };
  }

  /** The interviewer a new run uses: none for the script. */
  interviewerSettings(): InterviewerSettings | undefined {
    return this.interviewer === 'script' ? undefined : { engine: this.interviewer, maxFollowUps: this.maxFollowUps };
  }

  /** Puts back a saved form; parts that do not check out keep their current value. */
  restore(saved: Partial<SavedEvalSetup>): void {
    try {
      if (saved.set) this.set = validateInterviewSet(saved.set);
    } catch (error) {
      console.warn('The saved interview set was not restored', error);
    }
    if (Array.isArray(saved.ablations)) this.ablations = ABLATION_CHOICES.map((a) => a.id).filter((id) => saved.ablations?.includes(id));
    if (saved.judgeKind === 'current' || saved.judgeKind === 'endpoint') this.judgeKind = saved.judgeKind;
    const e = saved.judgeEndpoint;
    if (e && typeof e.baseUrl === 'string' && typeof e.model === 'string' && typeof e.apiKey === 'string')
      this.judgeEndpoint = { baseUrl: e.baseUrl, model: e.model, apiKey: e.apiKey };
    if (Number.isInteger(saved.samples)) this.samples = saved.samples as number;
    if (typeof saved.judgeRatedChats === 'boolean') this.judgeRatedChats = saved.judgeRatedChats;
    if (saved.interviewer !== undefined && INTERVIEWERS.includes(saved.interviewer)) this.interviewer = saved.interviewer;
    const n = saved.maxFollowUps;
    if (Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_INTERVIEWER_FOLLOW_UPS) this.maxFollowUps = n as number;
    if (saved.aggregation !== undefined && PAIRWISE_AGGREGATIONS.includes(saved.aggregation)) this.aggregation = saved.aggregation;
    if (typeof saved.calibration === 'boolean') this.calibration = saved.calibration;
  }

  #freshId(prefix: string): string {
    const taken = new Set(this.set.items.map((i: InterviewItem) => i.id));
    while (taken.has(`${prefix}-${this.#nextId}`)) this.#nextId++;
    return `${prefix}-${this.#nextId++}`;
  }
}
