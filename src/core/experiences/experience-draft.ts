/**
 * Experience reconstruction as a resumable job: a **draft** plans the timeline steps (the profile
 * alone, or parts of the source material chunked with the real token counter to fit the engine's
 * window), collects the scenes each step drafts, then the experience written out for each scene.
 * {@link advanceExperienceDraft} runs the next steps and hands back the draft after every one, so
 * the caller can store it: a cancelled or interrupted job continues where it stopped. Reviewed
 * experiences become persona-level memories of kind `experience` with their time in the
 * character's life ({@link experienceToMemory}).
 */
import { ValidationError } from '../errors/index.ts';
import { chunkText } from '../extract/index.ts';
import { msg } from '../i18n/message.ts';
import type { MemoryId, PersonaId } from '../ids.ts';
import type { CompletionRequest, LlmEngine } from '../llm-engine.ts';
import { collectText, isRecord } from '../llm-output.ts';
import type { Memory } from '../memory/memory.ts';
import { namesOf, type Persona, type PersonaLanguage, type ReplyForm } from '../persona/index.ts';
import { formatTurn } from '../prompt/reply-form.ts';
import type { TokenCounter } from '../token-counter.ts';
import {
  buildExpansionRequest,
  buildTimelineRequest,
  MAX_EXPERIENCE_SCENES,
  parseExpansion,
  parseTimeline,
  profileText,
  TOKENS_PER_SCENE,
  type Experience,
  type ExperienceBody,
  type ExperienceScene,
} from './experience-requests.ts';

/** Importance of an experience memory (facts the model rates run 1–10; a lived scene is worth recalling). */
export const EXPERIENCE_IMPORTANCE = 6;
/** Largest part of the source one timeline step reads, in tokens: short steps for the smallest model. */
export const MAX_PART_TOKENS = 1800;
/** Tokens kept free in the window besides the profile, the part and the answer (template, instructions). */
const WINDOW_MARGIN = 400;
/** Smallest part worth sending; with less room the timeline is drafted from the profile alone. */
const MIN_PART_TOKENS = 200;
/** Answers a step may give that cannot be used before it stops with the error (one retry). */
const ATTEMPTS = 2;

/** One timeline step: how many scenes it asks for, from the profile alone or one part of the source. */
export interface TimelineStep {
  count: number;
  /** The part of the source it reads (absent: the profile alone). */
  part?: { text: string; number: number; count: number };
  done: boolean;
}

/** A scene of the timeline and, once written, its experience. */
export interface DraftScene {
  scene: ExperienceScene;
  body?: ExperienceBody;
}

/** A reconstruction under way or waiting for review; stored after every step. */
export interface ExperienceDraft {
  personaId: string;
  /** The reply form the lines are written in. */
  form: ReplyForm;
  steps: TimelineStep[];
  scenes: DraftScene[];
  createdAt: number;
  updatedAt: number;
}

/** Where a job stands: step `step` (1-based) of about `total`; `total` is final once the timeline is drafted. */
export interface ExperienceProgress {
  phase: 'timeline' | 'expand';
  step: number;
  total: number;
  receivedChars: number;
}

/** Steps done and (estimated) steps in all. */
export function draftProgress(draft: ExperienceDraft): { done: number; total: number } {
  const timelineDone = draft.steps.every((s) => s.done);
  const scenes = timelineDone
    ? draft.scenes.length
    : Math.max(
        draft.scenes.length,
        draft.steps.reduce((n, s) => n + s.count, 0),
      );
  const done = draft.steps.filter((s) => s.done).length + draft.scenes.filter((s) => s.body).length;
  return { done, total: draft.steps.length + scenes };
}

/** True when every step ran and every scene is written: the draft waits for review. */
export function draftComplete(draft: ExperienceDraft): boolean {
  return draft.steps.every((s) => s.done) && draft.scenes.every((s) => s.body !== undefined);
}

/** Evenly spread indexes: `k` of `n` (all when `k ≥ n`), first and last included. */
function spread(n: number, k: number): number[] {
  if (k >= n) return [...Array(n).keys()];
  if (k === 1) return [0];
  return [...new Set([...Array(k).keys()].map((i) => Math.round((i * (n - 1)) / (k - 1))))];
}

/**
 * A new draft for `persona`: with source text, it is chunked with `counter` into parts that fit
 * `contextWindow` beside the profile and the answer (at most {@link MAX_PART_TOKENS}); up to
 * `maxScenes` parts spread over the text are read, one step each, sharing the scenes between
 * them. Without source text (or with no room for it) one step drafts from the profile alone.
 * @throws ValidationError `empty` when the persona has no profile to draft from.
 */
export function planExperienceDraft(input: {
  persona: Persona;
  form: ReplyForm;
  sourceText?: string;
  counter: TokenCounter;
  contextWindow: number;
  now: number;
  maxScenes?: number;
}): ExperienceDraft {
  const { persona, counter } = input;
  const maxScenes = Math.max(1, Math.min(MAX_EXPERIENCE_SCENES, input.maxScenes ?? MAX_EXPERIENCE_SCENES));
  const profile = profileText(persona, 'timeline');
  if (profile.split('\n').length < 2) throw new ValidationError('empty', msg('experiences.error.noProfile'));
  const room = input.contextWindow - counter.count(profile) - TOKENS_PER_SCENE * maxScenes - WINDOW_MARGIN;
  const partTokens = Math.min(MAX_PART_TOKENS, room);
  const source = input.sourceText?.trim() ?? '';
  let steps: TimelineStep[] = [{ count: maxScenes, done: false }];
  if (source !== '' && partTokens >= MIN_PART_TOKENS) {
    const chunks = chunkText(source, counter, { maxTokens: partTokens });
    const chosen = spread(chunks.length, maxScenes);
    steps = chosen.map((index, i) => ({
      count: Math.floor(maxScenes / chosen.length) + (i < maxScenes % chosen.length ? 1 : 0),
      part: { text: chunks[index]?.text ?? '', number: i + 1, count: chosen.length },
      done: false,
    }));
  }
  return { personaId: persona.id, form: input.form, steps, scenes: [], createdAt: input.now, updatedAt: input.now };
}

/** Everything {@link advanceExperienceDraft} needs. */
export interface AdvanceInput {
  engine: LlmEngine;
  /** The persona as it is now (its profile may have changed since the draft began). */
  persona: Persona;
  draft: ExperienceDraft;
  now: () => number;
  signal?: AbortSignal;
  onProgress?: (progress: ExperienceProgress) => void;
  /** Called with the draft after every step that changed it (store it to resume later). */
  onDraft?: (draft: ExperienceDraft) => void | Promise<void>;
}

/** How a run ended: every step done, or stopped by the signal (the draft keeps what was done). */
export interface AdvanceResult {
  status: 'complete' | 'cancelled';
  draft: ExperienceDraft;
}

/** Asks once, and once more when the answer cannot be used; null when the signal stopped it. @throws the last answer's error, or the engine's. */
async function ask<T>(
  engine: LlmEngine,
  request: CompletionRequest,
  parse: (text: string) => T,
  signal: AbortSignal | undefined,
  onText: (chars: number) => void,
): Promise<T | null> {
  let failure: unknown;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const answer = await collectText(engine, request, { signal, onText: (text) => onText(text.length) });
    if (answer.finishReason === 'abort' || signal?.aborted) return null;
    try {
      return parse(answer.text);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      failure = error;
    }
  }
  throw failure;
}

/**
 * Runs the draft's remaining steps: each timeline step not done, then each scene not yet written
 * out. After every step the new draft goes to `onDraft`. An answer that cannot be used is asked
 * for once more; a second one ends the run with its error (the steps before it stay done).
 * @throws ValidationError or EngineError as the failing step did.
 */
export async function advanceExperienceDraft(input: AdvanceInput): Promise<AdvanceResult> {
  const { engine, persona, signal } = input;
  let draft = input.draft;
  const save = async (next: ExperienceDraft) => {
    draft = { ...next, updatedAt: input.now() };
    await input.onDraft?.(draft);
  };
  const report = (phase: ExperienceProgress['phase'], receivedChars: number) => {
    const { done, total } = draftProgress(draft);
    input.onProgress?.({ phase, step: Math.min(done + 1, total), total, receivedChars });
  };
  for (let i = 0; i < draft.steps.length; i++) {
    const step = draft.steps[i] as TimelineStep;
    if (step.done) continue;
    if (signal?.aborted) return { status: 'cancelled', draft };
    report('timeline', 0);
    const known = draft.scenes.map((s) => s.scene);
    const request = buildTimelineRequest(persona, { count: step.count, part: step.part, drafted: known });
    const room = MAX_EXPERIENCE_SCENES - known.length;
    const scenes =
      room <= 0
        ? []
        : await ask(
            engine,
            request,
            (text) => parseTimeline(text, Math.min(step.count, room), known),
            signal,
            (chars) => report('timeline', chars),
          );
    if (scenes === null) return { status: 'cancelled', draft };
    await save({
      ...draft,
      steps: draft.steps.map((s, j) => (j === i ? { ...s, done: true } : s)),
      scenes: [...draft.scenes, ...scenes.map((scene) => ({ scene }))],
    });
  }
  for (let i = 0; i < draft.scenes.length; i++) {
    const item = draft.scenes[i] as DraftScene;
    if (item.body) continue;
    if (signal?.aborted) return { status: 'cancelled', draft };
    report('expand', 0);
    const body = await ask(
      engine,
      buildExpansionRequest(persona, item.scene, draft.form),
      (text) => parseExpansion(text, persona, draft.form),
      signal,
      (chars) => report('expand', chars),
    );
    if (body === null) return { status: 'cancelled', draft };
    await save({ ...draft, scenes: draft.scenes.map((s, j) => (j === i ? { ...s, body } : s)) });
  }
  return { status: 'complete', draft };
}

const WORDS: Record<PersonaLanguage, { dash: string; thought: string }> = {
  en: { dash: ' — ', thought: 'Thought: ' },
  zh: { dash: '——', thought: '心想：' },
};

/**
 * An experience as a memory's text: its time and place, the narration, the character's thoughts
 * and its lines written in the reply form (`Maren: "…"`, `林晚：「…」`), one per line.
 */
export function experienceText(experience: Experience, persona: Pick<Persona, 'name' | 'user' | 'language'>, form: ReplyForm): string {
  const w = WORDS[persona.language];
  const name = namesOf(persona).char;
  const head = [experience.when.trim(), experience.where.trim()].filter((x) => x !== '').join(w.dash);
  const thoughts = experience.thoughts.trim();
  return [
    head,
    experience.narration.trim(),
    thoughts === '' ? '' : `${w.thought}${thoughts}`,
    ...experience.lines
      .map((l) => l.trim())
      .filter((l) => l !== '')
      .map((l) => formatTurn(name, l, form, persona.language)),
  ]
    .filter((x) => x !== '')
    .join('\n');
}

/** True when a reviewed experience has something to remember: a time, and narration or a line. */
export function experienceUsable(experience: Experience): boolean {
  return experience.when.trim() !== '' && (experience.narration.trim() !== '' || experience.lines.some((l) => l.trim() !== ''));
}

/**
 * A reviewed experience as a persona-level memory (shared by all the persona's chats) of kind
 * `experience`, with its time in the character's life; retrieved per turn like a fact.
 * @throws ValidationError `empty` when it has no time, or neither narration nor a line.
 */
export function experienceToMemory(
  experience: Experience,
  persona: Pick<Persona, 'id' | 'name' | 'user' | 'language'>,
  options: { id: MemoryId; now: number; form: ReplyForm },
): Memory {
  if (!experienceUsable(experience)) throw new ValidationError('empty', msg('experiences.error.incomplete'));
  return {
    id: options.id,
    personaId: persona.id as PersonaId,
    kind: 'experience',
    text: experienceText(experience, persona, options.form),
    when: experience.when.trim(),
    importance: EXPERIENCE_IMPORTANCE,
    pinned: false,
    createdAt: options.now,
    updatedAt: options.now,
    lastAccessedAt: options.now,
    accessCount: 0,
  };
}

const isText = (v: unknown): v is string => typeof v === 'string';

function readScene(v: unknown): ExperienceScene | undefined {
  if (!isRecord(v) || !isText(v.when) || !isText(v.where) || !isText(v.who) || !isText(v.stakes)) return undefined;
  return { when: v.when, where: v.where, who: v.who, stakes: v.stakes };
}

function readBody(v: unknown): ExperienceBody | undefined {
  if (!isRecord(v) || !isText(v.narration) || !isText(v.thoughts) || !Array.isArray(v.lines) || !v.lines.every(isText)) return undefined;
  return { narration: v.narration, thoughts: v.thoughts, lines: [...v.lines] };
}

function readStep(v: unknown): TimelineStep | undefined {
  if (!isRecord(v) || typeof v.count !== 'number' || typeof v.done !== 'boolean') return undefined;
  if (v.part === undefined) return { count: v.count, done: v.done };
  const p = v.part;
  if (!isRecord(p) || !isText(p.text) || typeof p.number !== 'number' || typeof p.count !== 'number') return undefined;
  return { count: v.count, done: v.done, part: { text: p.text, number: p.number, count: p.count } };
}

/** A stored draft read back (from an older version or a bad backup): undefined unless every part has its form. */
export function readExperienceDraft(value: unknown): ExperienceDraft | undefined {
  if (!isRecord(value) || !isText(value.personaId) || (value.form !== 'line' && value.form !== 'scene')) return undefined;
  if (!Array.isArray(value.steps) || !Array.isArray(value.scenes) || typeof value.createdAt !== 'number' || typeof value.updatedAt !== 'number')
    return undefined;
  const steps = value.steps.map(readStep);
  const scenes = value.scenes.map((s): DraftScene | undefined => {
    if (!isRecord(s)) return undefined;
    const scene = readScene(s.scene);
    const body = s.body === undefined ? undefined : readBody(s.body);
    if (!scene || (s.body !== undefined && !body)) return undefined;
    return body ? { scene, body } : { scene };
  });
  if (steps.some((s) => !s) || scenes.some((s) => !s)) return undefined;
  return {
    personaId: value.personaId,
    form: value.form,
    steps: steps as TimelineStep[],
    scenes: scenes as DraftScene[],
    createdAt: value.createdAt,
    updatedAt: value.updatedAt,
  };
}
