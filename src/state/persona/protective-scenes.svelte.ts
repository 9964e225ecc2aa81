import { EngineError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import { collectText } from '../../core/llm-output.ts';
import {
  buildProtectiveExamplesRequest,
  cannedProtectiveExamples,
  createPersona,
  parseProtectiveExamples,
  type Persona,
  type ProtectiveExample,
} from '../../core/persona/index.ts';
import { errorMessage } from '../app/error-message.ts';
import { linesOf, type PersonaForm } from './persona-form.svelte.ts';

/** Id of the throw-away persona built from the form (nothing is stored under it). */
const DRAFT_ID = 'editor-draft' as PersonaId;

/** Where the scenes stand: nothing under way, the model writing, or written scenes waiting for review. */
export type ScenesPhase = 'idle' | 'writing' | 'review';

/** A short line about the outcome of the last action. */
export interface ScenesNotice {
  kind: 'error' | 'info';
  text: Message;
}

/** Trimmed scenes with both lines filled in. */
function complete(scenes: readonly ProtectiveExample[]): ProtectiveExample[] {
  return scenes.map((e) => ({ kind: e.kind, user: e.user.trim(), character: e.character.trim() })).filter((e) => e.user !== '' && e.character !== '');
}

/**
 * Protective scenes written for the persona in the editor's knowledge-boundary section: the
 * loaded model writes a few scenes made for the character (progress, Cancel), the user reviews
 * them (edit, remove), then keeps them — they replace the form's kept scenes and are stored when
 * the persona is saved — or discards them. While none is kept, `fallback` lists the built-in
 * scenes that fit the persona, which the chat uses instead.
 */
export class ProtectiveScenesSession {
  phase = $state<ScenesPhase>('idle');
  /** Characters of the answer received so far while writing. */
  receivedChars = $state(0);
  notice = $state.raw<ScenesNotice | null>(null);
  /** The written scenes under review, editable. */
  draft = $state<ProtectiveExample[]>([]);
  /** The built-in scenes the chat uses while no scene is kept (empty once one is). */
  readonly fallback: ProtectiveExample[] = $derived.by(() =>
    this.#form.protectiveExamples.length > 0 ? [] : cannedProtectiveExamples(this.#boundaryPersona()),
  );
  #form: PersonaForm;
  #controller: AbortController | null = null;

  constructor(form: PersonaForm) {
    this.#form = form;
  }

  /** True while the model is writing. */
  get writing(): boolean {
    return this.phase === 'writing';
  }

  /**
   * Asks `engine` for scenes made for the persona as typed in the form (its era, relationships
   * and the topics it cannot know). On success the scenes wait in `draft` for review; a missing
   * engine, an empty boundary, an engine failure or an unusable answer leave everything as it was
   * and `notice` says what to do.
   */
  async write(engine: LlmEngine | null): Promise<void> {
    if (this.writing) return;
    if (!engine) {
      this.notice = { kind: 'error', text: errorMessage(new EngineError('not-loaded', msg('scenes.noModel'))) };
      return;
    }
    const before = this.phase;
    const controller = new AbortController();
    this.#controller = controller;
    this.phase = 'writing';
    this.receivedChars = 0;
    this.notice = null;
    try {
      const persona = createPersona(this.#form.toInit(), DRAFT_ID, 0);
      const request = buildProtectiveExamplesRequest(persona);
      const answer = await collectText(engine, request, { signal: controller.signal, onText: (text) => (this.receivedChars = text.length) });
      if (answer.finishReason === 'abort') {
        this.phase = before;
        this.notice = { kind: 'info', text: msg('scenes.stopped') };
        return;
      }
      const scenes = parseProtectiveExamples(answer.text, persona);
      this.draft = scenes;
      this.phase = 'review';
      this.notice = { kind: 'info', text: scenes.length === 1 ? msg('scenes.written.one') : msg('scenes.written.other', { count: scenes.length }) };
    } catch (error) {
      this.phase = before;
      this.notice = { kind: 'error', text: errorMessage(error) };
    } finally {
      this.#controller = null;
    }
  }

  /** Stops the writing; the kept scenes and any scenes under review stay as they were. */
  cancel(): void {
    this.#controller?.abort();
  }

  /** Removes the scene under review at `index`. */
  removeDraft(index: number): void {
    this.draft.splice(index, 1);
  }

  /**
   * Keeps the reviewed scenes (both lines filled in) in place of the form's kept ones; they are
   * stored when the persona is saved. Returns false, with a notice, when no complete scene is left.
   */
  keep(): boolean {
    if (this.phase !== 'review') return false;
    const scenes = complete(this.draft);
    if (scenes.length === 0) {
      this.notice = { kind: 'error', text: msg('scenes.nothingToKeep') };
      return false;
    }
    this.#form.protectiveExamples = scenes;
    this.draft = [];
    this.phase = 'idle';
    this.notice = { kind: 'info', text: scenes.length === 1 ? msg('scenes.kept.one') : msg('scenes.kept.other', { count: scenes.length }) };
    return true;
  }

  /** Drops the scenes under review; the kept scenes stay. */
  discard(): void {
    if (this.phase !== 'review') return;
    this.draft = [];
    this.phase = 'idle';
    this.notice = { kind: 'info', text: msg('scenes.discarded') };
  }

  /** The persona as far as the built-in scenes read it: names, language, story and boundary. */
  #boundaryPersona(): Persona {
    const f = this.#form;
    return createPersona(
      {
        name: f.name,
        language: f.language,
        description: f.description,
        scenario: f.scenario,
        attributes: { ...f.attributes },
        user: { name: f.userName, description: '' },
        boundary: { era: f.era, knows: f.knows, cannotKnow: linesOf(f.cannotKnow) },
      },
      DRAFT_ID,
      0,
    );
  }
}
