import { EngineError } from '../../core/errors/index.ts';
import {
  advanceExperienceDraft,
  draftComplete,
  draftProgress,
  experienceToMemory,
  planExperienceDraft,
  readExperienceDraft,
  type ExperienceDraft,
  type ExperienceProgress,
} from '../../core/experiences/experience-draft.ts';
import type { Experience } from '../../core/experiences/experience-requests.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { newId, type MemoryId, type PersonaId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Persona } from '../../core/persona/index.ts';
import { replyFormOf } from '../../core/prompt/build.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import type { TokenCounter } from '../../core/token-counter.ts';
import { errorMessage } from '../app/error-message.ts';
import { experienceDraftKey, Settings } from '../app/settings.ts';

/** Where the reconstruction stands: reading the stored draft, nothing under way, the model working, or experiences waiting for review. */
export type ExperiencePhase = 'loading' | 'idle' | 'running' | 'review';

/** A short line about the outcome of the last action. */
export interface ExperienceNotice {
  kind: 'error' | 'info';
  text: Message;
}

/** What the builder needs: the stored draft, the token counter, the clock, and the persona's memory. */
export interface ExperienceBuilderDeps {
  settings: SettingsRepository;
  loadTokenCounter: () => Promise<TokenCounter>;
  now: () => number;
  /** The persona's source material (its stored source passages), '' when it has none. */
  sourceText: () => Promise<string>;
  /** Stores memories in the persona's memory (indexed, embedded when semantic search is on). */
  storeMemories: (memories: readonly Memory[]) => Promise<void>;
}

/** Whose experiences are kept: the name their lines are spoken under and the language they are written in. */
export type Speaker = Pick<Persona, 'name' | 'user' | 'language'>;

/** The experiences of a complete draft, for review. */
function reviewOf(draft: ExperienceDraft): Experience[] {
  return draft.scenes.flatMap((s) => (s.body ? [{ ...s.scene, ...s.body, lines: [...s.body.lines] }] : []));
}

/** A reviewed experience back in the draft's form (lines trimmed, empty ones dropped). */
function sceneOf(e: Experience): ExperienceDraft['scenes'][number] {
  return {
    scene: { when: e.when, where: e.where, who: e.who, stakes: e.stakes },
    body: { narration: e.narration, thoughts: e.thoughts, lines: e.lines.map((l) => l.trim()).filter((l) => l !== '') },
  };
}

/**
 * Experience reconstruction for one persona (Character-LLM: profile → scenes → experiences): the
 * loaded model drafts a timeline of scenes from the persona's profile and source material, then
 * writes each out as the character lived it (progress "step i of n", Cancel). The draft is stored
 * after every step, so a cancelled, failed or interrupted job resumes where it stopped, also
 * after a reload. The user reviews the experiences (edit, delete), and keeps one or all: they
 * become memories of kind `experience` at once, recalled per turn like facts.
 */
export class ExperienceBuilder {
  phase = $state<ExperiencePhase>('loading');
  progress = $state.raw<ExperienceProgress | null>(null);
  notice = $state.raw<ExperienceNotice | null>(null);
  /** The stored draft (null: none). */
  draft = $state.raw<ExperienceDraft | null>(null);
  /** The drafted experiences under review, editable. */
  review = $state<Experience[]>([]);
  readonly personaId: PersonaId;
  #deps: ExperienceBuilderDeps;
  #settings: Settings;
  #controller: AbortController | null = null;
  #writes: Promise<void> = Promise.resolve();

  constructor(personaId: PersonaId, deps: ExperienceBuilderDeps) {
    this.personaId = personaId;
    this.#deps = deps;
    this.#settings = new Settings(deps.settings);
  }

  /** True while the model is working. */
  get running(): boolean {
    return this.phase === 'running';
  }

  /** Steps done and in all of a stopped draft that Resume would continue; null when there is none. */
  get resumable(): { done: number; total: number } | null {
    if (this.phase !== 'idle' || !this.draft || draftComplete(this.draft)) return null;
    return draftProgress(this.draft);
  }

  /** Reads the stored draft: a finished one waits for review, a stopped one for Resume. */
  async load(): Promise<void> {
    try {
      const draft = readExperienceDraft(await this.#settings.get(experienceDraftKey(this.personaId)));
      this.draft = draft ?? null;
      if (draft && draftComplete(draft) && draft.scenes.length > 0) {
        this.review = reviewOf(draft);
        this.phase = 'review';
        return;
      }
    } catch (error) {
      this.notice = { kind: 'error', text: errorMessage(error) };
    }
    this.phase = 'idle';
  }

  /**
   * Starts a new reconstruction of `persona` (as typed in the editor) with `engine`: the timeline
   * reads the profile and the persona's source material, in parts that fit `contextWindow`. A
   * stopped draft is replaced. No engine, an empty profile or a failure: `notice` says what to do.
   */
  async start(engine: LlmEngine | null, persona: Persona, contextWindow: number): Promise<void> {
    if (this.running || this.phase === 'loading') return;
    if (!engine) {
      this.notice = { kind: 'error', text: errorMessage(new EngineError('not-loaded', msg('experiences.noModel'))) };
      return;
    }
    this.notice = null;
    try {
      const counter = await this.#deps.loadTokenCounter();
      const draft = planExperienceDraft({
        persona,
        form: replyFormOf(persona),
        sourceText: await this.#deps.sourceText(),
        counter,
        contextWindow,
        now: this.#deps.now(),
      });
      await this.#store(draft);
    } catch (error) {
      this.notice = { kind: 'error', text: errorMessage(error) };
      return;
    }
    await this.#run(engine, persona);
  }

  /** Continues the stopped draft where it stopped, with `persona` as it is now. */
  async resume(engine: LlmEngine | null, persona: Persona): Promise<void> {
    if (this.running || !this.draft) return;
    if (!engine) {
      this.notice = { kind: 'error', text: errorMessage(new EngineError('not-loaded', msg('experiences.noModel'))) };
      return;
    }
    this.notice = null;
    await this.#run(engine, persona);
  }

  /** Stops after the step under way; the steps done stay in the draft for Resume. */
  cancel(): void {
    this.#controller?.abort();
  }

  async #run(engine: LlmEngine, persona: Persona): Promise<void> {
    const draft = this.draft;
    if (!draft) return;
    const controller = new AbortController();
    this.#controller = controller;
    this.phase = 'running';
    this.progress = null;
    try {
      const result = await advanceExperienceDraft({
        engine,
        persona,
        draft,
        now: this.#deps.now,
        signal: controller.signal,
        onProgress: (p) => (this.progress = p),
        onDraft: (d) => this.#store(d),
      });
      if (result.status === 'cancelled') {
        this.phase = 'idle';
        this.notice = { kind: 'info', text: msg('experiences.cancelled', draftProgress(result.draft)) };
        return;
      }
      this.review = reviewOf(result.draft);
      this.phase = 'review';
      const count = this.review.length;
      this.notice = { kind: 'info', text: count === 1 ? msg('experiences.written.one') : msg('experiences.written.other', { count }) };
    } catch (error) {
      this.phase = 'idle';
      this.notice = { kind: 'error', text: errorMessage(error) };
    } finally {
      this.#controller = null;
      this.progress = null;
    }
  }

  /** Stores the review's edits with the draft, so they survive a reload. */
  async saveEdits(): Promise<void> {
    if (this.phase !== 'review' || !this.draft) return;
    await this.#attempt(() => this.#store({ ...this.draft!, scenes: this.review.map(sceneOf), updatedAt: this.#deps.now() }));
  }

  /** Deletes the experience under review at `index`. */
  async remove(index: number): Promise<void> {
    if (this.phase !== 'review') return;
    this.review.splice(index, 1);
    await this.#afterReviewChange();
  }

  /** Keeps the experience under review at `index`: it becomes a memory now, its lines spoken by `persona` (as typed in the editor). */
  async keep(index: number, persona: Speaker): Promise<void> {
    await this.#keep([index], persona);
  }

  /** Keeps every experience under review. */
  async keepAll(persona: Speaker): Promise<void> {
    await this.#keep(
      this.review.map((_, i) => i),
      persona,
    );
  }

  /** Drops the draft (stopped or under review); kept experiences stay in memory. */
  async discard(): Promise<void> {
    if (this.running) return;
    await this.#attempt(async () => {
      await this.#store(null);
      this.review = [];
      this.phase = 'idle';
      this.notice = { kind: 'info', text: msg('experiences.discarded') };
    });
  }

  async #keep(indexes: readonly number[], speaker: Speaker): Promise<void> {
    if (this.phase !== 'review' || !this.draft || indexes.length === 0) return;
    const form = this.draft.form;
    const now = this.#deps.now();
    const persona = { id: this.personaId, name: speaker.name, user: speaker.user, language: speaker.language };
    await this.#attempt(async () => {
      const chosen = indexes.map((i) => $state.snapshot(this.review[i]) as Experience);
      const memories = chosen.map((e) => experienceToMemory(e, persona, { id: newId<MemoryId>(), now, form }));
      await this.#deps.storeMemories(memories);
      this.review = this.review.filter((_, i) => !indexes.includes(i));
      const count = memories.length;
      this.notice = { kind: 'info', text: count === 1 ? msg('experiences.kept.one') : msg('experiences.kept.other', { count }) };
      await this.#afterReviewChange(false);
    });
  }

  /** After a deletion or a keep: the draft follows the review; an empty review ends it. */
  async #afterReviewChange(tell = true): Promise<void> {
    await this.#attempt(async () => {
      if (this.review.length > 0) {
        await this.#store({ ...this.draft!, scenes: this.review.map(sceneOf), updatedAt: this.#deps.now() });
        return;
      }
      await this.#store(null);
      this.phase = 'idle';
      if (tell) this.notice = { kind: 'info', text: msg('experiences.nothingLeft') };
    });
  }

  /** Stores the draft (null: none); writes happen one after another, in the order asked. */
  #store(draft: ExperienceDraft | null): Promise<void> {
    const write = this.#writes.then(async () => {
      await this.#settings.set(experienceDraftKey(this.personaId), draft);
      this.draft = draft;
    });
    this.#writes = write.catch(() => undefined);
    return write;
  }

  async #attempt(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.notice = { kind: 'error', text: errorMessage(error) };
    }
  }
}
