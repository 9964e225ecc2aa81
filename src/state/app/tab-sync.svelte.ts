import type { ChatId, PersonaId } from '../../core/ids.ts';
import type { TabChannel, TabEvent } from '../../core/sync/tab-events.ts';

/** The parts of the app state that follow changes made in other tabs. */
export interface TabSyncTarget {
  readonly personas: { load(): Promise<void> };
  /** The user's "you"s (changed in another tab: this tab must not ask for a name again). */
  readonly users: { load(): Promise<void> };
  /** The world books and the global list. */
  readonly books: { load(): Promise<void> };
  readonly chats: { readonly persona: { readonly id: PersonaId }; load(): Promise<void> } | null;
  readonly session: {
    readonly chat: { readonly id: ChatId; readonly personaId: PersonaId };
    refresh(): Promise<void>;
    readonly summaries: { load(): Promise<void> };
  } | null;
  /** Reports a reload that failed. */
  onError(error: unknown): void;
}

/**
 * Keeps this tab's view live while other tabs write: reloads the persona list, the open
 * persona's chats, and the open chat's messages and summaries when another tab announces a
 * change. Reloads of the same thing never overlap; events arriving meanwhile cause one more.
 */
export class TabSync {
  /** Events received from other tabs so far. */
  received = $state(0);
  #channel: TabChannel | undefined;
  #target: TabSyncTarget;
  #unsubscribe: (() => void) | null = null;
  #runs = new Map<string, { again: boolean }>();

  constructor(channel: TabChannel | undefined, target: TabSyncTarget) {
    this.#channel = channel;
    this.#target = target;
  }

  /** Starts listening (idempotent). */
  start(): void {
    this.#unsubscribe ??= this.#channel?.subscribe((event) => this.handle(event)) ?? null;
  }

  /** Stops listening. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Applies one event from another tab; resolves when the reloads it started are done. */
  async handle(event: TabEvent): Promise<void> {
    this.received += 1;
    const { chats, session } = this.#target;
    const jobs: Array<Promise<void>> = [];
    const all = event.type === 'everything';
    if (all || event.type === 'personas') jobs.push(this.#coalesce('personas', () => this.#target.personas.load()));
    if (all || (event.type === 'settings' && event.key === 'userPersonas')) jobs.push(this.#coalesce('users', () => this.#target.users.load()));
    if (all || event.type === 'books' || (event.type === 'settings' && event.key === 'books'))
      jobs.push(this.#coalesce('books', () => this.#target.books.load()));
    if (chats && (all || (event.type === 'chats' && event.personaId === chats.persona.id))) jobs.push(this.#coalesce('chats', () => chats.load()));
    if (session && (all || (event.type === 'messages' && event.chatId === session.chat.id))) jobs.push(this.#coalesce('messages', () => session.refresh()));
    if (session && (all || (event.type === 'memories' && (event.chatId === undefined || event.chatId === session.chat.id)))) {
      jobs.push(this.#coalesce('summaries', () => session.summaries.load()));
    }
    await Promise.all(jobs);
  }

  async #coalesce(key: string, run: () => Promise<void>): Promise<void> {
    const busy = this.#runs.get(key);
    if (busy) {
      busy.again = true;
      return;
    }
    const state = { again: true };
    this.#runs.set(key, state);
    try {
      while (state.again) {
        state.again = false;
        await run().catch((error: unknown) => this.#target.onError(error));
      }
    } finally {
      this.#runs.delete(key);
    }
  }
}
