import { msg, type Message } from '../../core/i18n/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';

/** The starter characters' texts and books, loaded on first use (kept out of the first download). */
const loadStarters = () => import('../../core/starters/starters.ts');

/** What adding starters needs: the persona list to add to and the book list to refresh. */
export interface StarterTargets {
  personas: { readonly list: readonly Persona[]; add(persona: Persona): Promise<void> };
  books: { load(): Promise<void> };
}

/**
 * "Add starter characters": stores the characters written for EGOS (`core/starters`) as
 * ordinary personas, each with its own world book attached. A starter whose name is already in
 * the list is skipped, so adding twice adds nothing. The outcome (`result`) and a failure
 * (`error`) are catalogue messages.
 */
export class StarterCharacters {
  busy = $state(false);
  /** What the last add did, to show until dismissed. */
  result = $state.raw<Message | null>(null);
  /** The last failure, to show until dismissed. */
  error = $state.raw<Message | null>(null);
  #services: Pick<AppServices, 'repo' | 'now'>;
  #targets: StarterTargets;

  constructor(services: Pick<AppServices, 'repo' | 'now'>, targets: StarterTargets) {
    this.#services = services;
    this.#targets = targets;
  }

  /**
   * Adds the starters not yet in the list (only the one named `name`, when given); returns how
   * many were added (on a failure `error` says why; those added before it stay).
   */
  async add(name?: string): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    this.result = null;
    this.error = null;
    let added = 0;
    try {
      const { starterCharacters } = await loadStarters();
      const taken = new Set(this.#targets.personas.list.map((p) => p.name.trim().toLocaleLowerCase()));
      for (const { persona, book } of starterCharacters(this.#services.now())) {
        if (taken.has(persona.name.trim().toLocaleLowerCase()) || (name !== undefined && persona.name !== name)) continue;
        await this.#services.repo.books.put(book);
        try {
          await this.#targets.personas.add(persona);
        } catch (error) {
          await this.#services.repo.books.delete(book.id).catch(() => {});
          throw error;
        }
        added++;
      }
      this.result = added > 0 ? msg('starters.added', { count: added }) : msg('starters.allPresent');
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      if (added > 0) await this.#targets.books.load().catch((error: unknown) => (this.error ??= errorMessage(error)));
      this.busy = false;
    }
    return added;
  }

  dismiss(): void {
    this.result = null;
    this.error = null;
  }
}
