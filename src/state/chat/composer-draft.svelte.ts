import { draftUserLine } from '../../core/conversation/draft-user-line.ts';
import type { ReplyStrategy } from '../../core/conversation/reply-strategy.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Message } from '../../core/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { Message as Said } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';

/** The composer's text of one chat, and "Suggest my line" (impersonate), which drafts into it. */
export class ComposerDraft {
  /** What the user is writing (kept while they move around the app). */
  text = $state('');
  /** True while the model drafts the user's line. */
  drafting = $state(false);
  #controller: AbortController | null = null;

  /**
   * Lets the model write the user's next line into `text`, streaming, for the user to edit
   * before sending; nothing is stored. What the user had typed comes back if nothing arrives.
   * Returns the problem to show, or null.
   */
  async suggest(persona: Persona, history: Message[], engine: LlmEngine, strategy: ReplyStrategy): Promise<Said | null> {
    if (this.drafting) return null;
    const before = this.text;
    const controller = new AbortController();
    this.#controller = controller;
    this.drafting = true;
    try {
      const result = await draftUserLine(persona, history, { engine, strategy, signal: controller.signal, onDelta: (text) => (this.text = text) });
      this.text = result.text || before;
      return result.error ? errorMessage(result.error) : null;
    } catch (error) {
      this.text = before;
      return errorMessage(error);
    } finally {
      this.drafting = false;
      this.#controller = null;
    }
  }

  /** Stops a draft being written; what arrived stays for editing. */
  stop(): void {
    this.#controller?.abort();
  }
}
