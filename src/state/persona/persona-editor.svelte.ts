import { EngineError } from '../../core/errors/index.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import {
  createPersona,
  type PersonaInit,
  buildInferStyleRequest,
  parseInferredStyle,
  validatePersonaInput,
  type FieldError,
  type PersonaField,
} from '../../core/persona/index.ts';
import { collectText } from '../../core/llm-output.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import { PersonaForm } from './persona-form.svelte.ts';
import { ProtectiveScenesSession } from './protective-scenes.svelte.ts';
import { readAvatarFile } from './avatar-files.ts';
import type { PickedFile } from './card-transfer.svelte.ts';
import type { ImageThumbnailer } from '../../core/avatar.ts';

/** Id of the throw-away persona built from the form to ask the model about its style. */
const DRAFT_ID = 'editor-draft' as PersonaId;

/** What is shown next to a field for one validation problem. */
function problemText(error: FieldError): Message {
  return error.field === 'name' && error.key === 'required' ? msg('editor.problem.nameRequired') : error.text;
}

/** A short line about the outcome of "Infer from samples". */
export interface InferNotice {
  kind: 'error' | 'info';
  text: Message;
}

/**
 * The persona editor: the form, its validation (nothing is saved while a field is invalid),
 * saving, "Infer from samples" for the style controls and protective scenes written by the model.
 */
export class PersonaEditor {
  readonly form: PersonaForm;
  /** Protective scenes: written by the model, reviewed, kept into the form. */
  readonly scenes: ProtectiveScenesSession;
  /** Problems found by the last save attempt; cleared when a save passes validation. */
  errors = $state.raw<FieldError[]>([]);
  saving = $state(false);
  inferring = $state(false);
  inferNotice = $state.raw<InferNotice | null>(null);
  /** Why the last picture picked was refused, or null. */
  avatarProblem = $state.raw<Message | null>(null);
  #inferController: AbortController | null = null;
  #thumbnailer: ImageThumbnailer | undefined;

  /** `thumbnailer` makes the thumbnail of a picture the user picks (absent: pictures are refused with a reason). */
  constructor(base?: PersonaInit, thumbnailer?: ImageThumbnailer) {
    this.form = new PersonaForm(base);
    this.scenes = new ProtectiveScenesSession(this.form);
    this.#thumbnailer = thumbnailer;
  }

  /**
   * Uses a picked picture as the avatar (the original is kept for export, the thumbnail is
   * shown); saved with the persona. A file that is not a picture, too large or undecodable leaves
   * the avatar as it was and `avatarProblem` says why.
   */
  async pickAvatar(file: PickedFile): Promise<void> {
    this.avatarProblem = null;
    try {
      const { avatar, thumb } = await readAvatarFile(file, this.#thumbnailer);
      this.form.avatar = avatar;
      this.form.avatarThumb = thumb;
    } catch (error) {
      this.avatarProblem = errorMessage(error);
    }
  }

  /** Removes the avatar (saved with the persona; the initial shows instead). */
  removeAvatar(): void {
    this.avatarProblem = null;
    this.form.avatar = undefined;
    this.form.avatarThumb = undefined;
  }

  /** Messages for one field (and, for sampling, one option such as `temperature`). */
  messagesFor(field: PersonaField, detail?: string): Message[] {
    return this.errors.filter((e) => e.field === field && (detail === undefined || e.params.detail === detail)).map(problemText);
  }

  /** How many problems concern fields under any of `fields` (a field or its sub-fields). */
  errorCount(fields: readonly string[]): number {
    return this.errors.filter((e) => fields.some((f) => e.field === f || e.field.startsWith(`${f}.`))).length;
  }

  /** A line above the form while there are problems, or null. */
  readonly summary: Message | null = $derived.by(() => {
    const n = this.errors.length;
    if (n === 0) return null;
    return n === 1 ? msg('editor.summary.one') : msg('editor.summary.other', { count: n });
  });

  /** Validates the form; returns what to save, or null (with `errors` set) when invalid. */
  validate(): PersonaInit | null {
    const init = this.form.toInit();
    this.errors = validatePersonaInput(init);
    return this.errors.length === 0 ? init : null;
  }

  /**
   * Validates and, when valid, hands the persona to `onsave`. Returns false when invalid
   * (nothing is passed on) or while a save is already running.
   */
  async save(onsave: (init: PersonaInit) => Promise<void>): Promise<boolean> {
    if (this.saving) return false;
    const init = this.validate();
    if (!init) return false;
    this.saving = true;
    try {
      await onsave(init);
      return true;
    } finally {
      this.saving = false;
    }
  }

  /**
   * Asks `engine` to rate the style controls from the sample dialogues, greeting, catchphrases
   * and speaking style; controls the user set by hand keep their values. Any failure leaves
   * the style unchanged and sets `inferNotice` to a message saying what to do.
   */
  async inferStyle(engine: LlmEngine | null): Promise<void> {
    if (this.inferring) return;
    if (!engine) {
      this.inferNotice = { kind: 'error', text: errorMessage(new EngineError('not-loaded', msg('editor.infer.noModel'))) };
      return;
    }
    const controller = new AbortController();
    this.#inferController = controller;
    this.inferring = true;
    this.inferNotice = null;
    try {
      const request = buildInferStyleRequest(createPersona(this.form.toInit(), DRAFT_ID, 0));
      const streamed = await collectText(engine, request, { signal: controller.signal });
      if (streamed.finishReason === 'abort') {
        this.inferNotice = { kind: 'info', text: msg('editor.infer.stopped') };
        return;
      }
      const changed = this.form.applyInferredStyle(parseInferredStyle(streamed.text));
      this.inferNotice = { kind: 'info', text: inferredText(changed, this.form.pinned.length) };
    } catch (error) {
      this.inferNotice = { kind: 'error', text: errorMessage(error) };
    } finally {
      this.inferring = false;
      this.#inferController = null;
    }
  }

  /** Stops a running inference; the style stays as it was. */
  cancelInfer(): void {
    this.#inferController?.abort();
  }
}

function inferredText(changed: number, pinned: number): Message {
  const what =
    changed === 0 ? msg('editor.infer.changed.none') : changed === 1 ? msg('editor.infer.changed.one') : msg('editor.infer.changed.other', { count: changed });
  const kept = pinned === 0 ? '' : pinned === 1 ? msg('editor.infer.kept.one') : msg('editor.infer.kept.other', { count: pinned });
  return msg('editor.infer.done', { changed: what, kept });
}
