import { EngineError } from '../../core/errors/index.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import {
  createPersona,
  type PersonaInit,
  buildInferStyleRequest,
  formatFieldError,
  parseInferredStyle,
  validatePersonaInput,
  type FieldError,
  type PersonaField,
} from '../../core/persona/index.ts';
import { collectText } from '../../core/llm-output.ts';
import { errorText } from '../app/error-text.ts';
import { PersonaForm } from './persona-form.svelte.ts';
import { inUiLanguage, uiLanguage } from '../app/ui-language.ts';

/** Id of the throw-away persona built from the form to ask the model about its style. */
const DRAFT_ID = 'editor-draft' as PersonaId;

/** The text shown next to a field for one validation problem, in the interface language. */
function problemText(error: FieldError): string {
  if (error.field === 'name' && error.key === 'required') return inUiLanguage({ en: 'Give the persona a name.', zh: '请给角色起个名字。' });
  return uiLanguage() === 'zh' ? formatFieldError(error, 'zh') : error.message;
}

/** A short line about the outcome of "Infer from samples". */
export interface InferNotice {
  kind: 'error' | 'info';
  text: string;
}

/**
 * The persona editor: the form, its validation (nothing is saved while a field is invalid),
 * saving, and "Infer from samples" for the style controls.
 */
export class PersonaEditor {
  readonly form: PersonaForm;
  /** Problems found by the last save attempt; cleared when a save passes validation. */
  errors = $state.raw<FieldError[]>([]);
  saving = $state(false);
  inferring = $state(false);
  inferNotice = $state.raw<InferNotice | null>(null);
  #inferController: AbortController | null = null;

  constructor(base?: PersonaInit) {
    this.form = new PersonaForm(base);
  }

  /** Messages for one field (and, for sampling, one option such as `temperature`). */
  messagesFor(field: PersonaField, detail?: string): string[] {
    return this.errors.filter((e) => e.field === field && (detail === undefined || e.params.detail === detail)).map(problemText);
  }

  /** How many problems concern fields under any of `fields` (a field or its sub-fields). */
  errorCount(fields: readonly string[]): number {
    return this.errors.filter((e) => fields.some((f) => e.field === f || e.field.startsWith(`${f}.`))).length;
  }

  /** A line above the form while there are problems, or null. */
  readonly summary = $derived.by(() => {
    const n = this.errors.length;
    if (n === 0) return null;
    if (n === 1)
      return inUiLanguage({ en: 'One field needs fixing (marked below); nothing was saved.', zh: '有 1 项需要修改（已在下方标出）；尚未保存任何内容。' });
    return inUiLanguage({ en: `${n} fields need fixing (marked below); nothing was saved.`, zh: `有 ${n} 项需要修改（已在下方标出）；尚未保存任何内容。` });
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
      const zh = '还没有可用的模型。请先打开引擎页面加载模型，或连接你自己的模型服务器，然后再点“根据示例推断”。';
      this.inferNotice = {
        kind: 'error',
        text: errorText(
          new EngineError(
            'not-loaded',
            'No model is ready. Open Engine to load a model or connect your own server first, then press Infer from samples again.',
            { zh },
          ),
        ),
      };
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
        this.inferNotice = { kind: 'info', text: inUiLanguage({ en: 'Inference stopped; the style was not changed.', zh: '推断已停止；风格没有改变。' }) };
        return;
      }
      const changed = this.form.applyInferredStyle(parseInferredStyle(streamed.text));
      this.inferNotice = { kind: 'info', text: inferredText(changed, this.form.pinned.length) };
    } catch (error) {
      this.inferNotice = { kind: 'error', text: errorText(error) };
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

function inferredText(changed: number, pinned: number): string {
  if (uiLanguage() === 'zh') {
    const kept = pinned === 0 ? '' : `；你自己设置的 ${pinned} 个选项保持不变`;
    return `已根据示例推断风格：${changed === 0 ? '没有选项改变' : `${changed} 个选项已改变`}${kept}。不认同的选项可以自行调整。`;
  }
  const what = changed === 0 ? 'no control changed' : changed === 1 ? '1 control changed' : `${changed} controls changed`;
  const kept = pinned === 0 ? '' : pinned === 1 ? '; the 1 control you set yourself was kept' : `; the ${pinned} controls you set yourself were kept`;
  return `Style inferred from the samples: ${what}${kept}. Adjust any control you disagree with.`;
}
