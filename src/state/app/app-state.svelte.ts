import { recoverInterruptedReplies } from '../../core/conversation/turn-actions.ts';
import type { Chat } from '../../core/chat.ts';
import type { ChatId, PersonaId } from '../../core/ids.ts';
import type { PersonaInit } from '../../core/persona/index.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import { BackupState } from '../data/backup-state.svelte.ts';
import { CardImport } from '../persona/card-transfer.svelte.ts';
import { ChatList } from '../chat/chat-list.svelte.ts';
import type { SendOutcome } from '../chat/chat-controller.ts';
import type { ChatSession } from '../chat/chat-session.svelte.ts';
import { EngineState } from '../engine/engine-state.svelte.ts';
import type { EvalSession } from '../eval/eval-session.svelte.ts';
import { ExtractSession } from '../persona/extract-session.svelte.ts';
import { Notices } from './notices.svelte.ts';
import type { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { PersonaStore } from '../persona/persona-store.svelte.ts';
import { PwaState } from '../data/pwa-state.svelte.ts';
import { Router } from './router.svelte.ts';
import { serverNotAnswering } from '../chat/chat-errors.ts';
import { errorMessage } from './error-message.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import type { AppServices } from './services.ts';
import { StorageState } from '../data/storage-state.svelte.ts';
import { TabSync } from './tab-sync.svelte.ts';
import { UserProfile } from '../persona/user-profile.svelte.ts';

/** Root state: wires the stores together and opens chats for the current route. */
export class AppState {
  readonly personas: PersonaStore;
  readonly engine: EngineState;
  readonly notices = new Notices();
  readonly router: Router;
  /** A character card being imported (review before save). */
  readonly cardImport = new CardImport();
  /** Drafting a persona from source text (review before save). */
  readonly extraction: ExtractSession;
  /** Storage used / available and persistent storage. */
  readonly storage: StorageState;
  /** The installed app: update prompt, offline readiness. */
  readonly pwa: PwaState;
  /** The Data page: backup and restore. */
  readonly backup: BackupState;
  /** Follows changes made in the app's other tabs. */
  readonly tabSync: TabSync;
  /** The user's name, as the characters call them. */
  readonly profile: UserProfile;
  /** Untrusted Markdown to sanitized HTML for message text; null (until loaded) shows plain text. */
  renderMarkdown = $state.raw<((text: string) => string) | null>(null);
  ready = $state(false);
  /** The chat the route asked for last (see {@link AppState.openChat}). */
  #openingChat: ChatId | null = null;
  chats = $state.raw<ChatList | null>(null);
  session = $state.raw<ChatSession | null>(null);
  #services: AppServices;
  /** Evaluation pages by persona, kept while the app runs so a run survives navigation. */
  #evaluations = new Map<PersonaId, EvalSession>();

  constructor(services: AppServices, location: { hash: string }) {
    this.#services = services;
    this.personas = new PersonaStore(services);
    this.engine = new EngineState(services);
    this.router = new Router(location);
    this.extraction = new ExtractSession(services);
    this.storage = new StorageState(services.storage ?? null, services.repo.settings, services.now);
    this.pwa = new PwaState(services.serviceWorker ?? null);
    this.backup = new BackupState(services, () => this.#afterRestore());
    this.profile = new UserProfile(services.repo.settings);
    // The getters below must read the live fields, which later navigation replaces.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const app = this;
    this.tabSync = new TabSync(services.tabs, {
      personas: this.personas,
      profile: this.profile,
      get chats() {
        return app.chats;
      },
      get session() {
        return app.session;
      },
      onError: (error) => this.notices.error(error),
    });
    this.renderMarkdown = services.renderMarkdown ?? null;
  }

  /** Loads the Markdown sanitizer (a lazily loaded chunk) once. */
  async #loadMarkdown(): Promise<void> {
    if (this.renderMarkdown || !this.#services.loadMarkdownRenderer) return;
    this.renderMarkdown = await this.#services.loadMarkdownRenderer();
  }

  /** Loads stored data, repairs replies cut by a crash, and starts the engine choice. */
  async init(): Promise<void> {
    try {
      this.tabSync.start();
      const locks = this.#services.chatLocks ?? createLocalChatLocks();
      const generatingElsewhere = async (chatId: ChatId) => (await locks.heldChats()).has(chatId);
      await recoverInterruptedReplies(this.#services.repo.messages, generatingElsewhere, this.#services.now);
      await Promise.all([this.personas.load(), this.profile.load()]);
    } catch (error) {
      this.notices.error(error);
    }
    this.ready = true;
    this.engine.init().catch((error: unknown) => this.notices.error(error));
    this.#loadMarkdown().catch((error: unknown) => this.notices.error(error));
  }

  /** Opens the chat list of a persona (for the persona and chat screens). */
  async openPersona(personaId: PersonaId): Promise<ChatList | null> {
    const persona = this.personas.get(personaId);
    if (!persona) return null;
    if (this.chats?.persona.id !== personaId || this.chats.persona !== persona) {
      if (this.chats?.persona.id !== personaId) this.profile.asking = false;
      const list = new ChatList(this.#services, persona);
      await list.load();
      this.chats = list;
    }
    return this.chats;
  }

  /**
   * Opens a chat; returns null when it does not exist. Only the chat asked for last becomes
   * the open session: one that finishes loading after another chat was asked for is dropped.
   */
  async openChat(personaId: PersonaId, chatId: ChatId): Promise<ChatSession | null> {
    this.#openingChat = chatId;
    if (this.session?.chat.id === chatId) return this.session;
    const persona = this.personas.get(personaId);
    const chat = await this.#services.repo.chats.get(chatId);
    if (!persona || !chat) return null;
    const [{ ChatSession }] = await Promise.all([import('../chat/chat-session.svelte.ts'), this.#loadMarkdown()]);
    const session = new ChatSession(this.#services, chat, this.profile.apply(persona), () => this.engine.contextWindow);
    await session.load();
    if (this.#openingChat !== chatId) return session;
    this.session = session;
    return session;
  }

  /** The evaluation page state of a persona (created and loaded on first use); null when it does not exist. */
  /** The long-term memory of a persona, for the memory view (shared with its open chat). */
  async openMemory(personaId: PersonaId): Promise<PersonaMemory | null> {
    if (this.session?.persona.id === personaId) return this.session.memory;
    const persona = this.personas.get(personaId);
    if (!persona) return null;
    const { PersonaMemory } = await import('../memory/persona-memory.svelte.ts');
    const memory = new PersonaMemory(this.#services, this.profile.apply(persona));
    await memory.load();
    return memory;
  }

  async evaluation(personaId: PersonaId): Promise<EvalSession | null> {
    const persona = this.personas.get(personaId);
    if (!persona) return null;
    let session = this.#evaluations.get(personaId);
    if (!session) {
      const { EvalSession } = await import('../eval/eval-session.svelte.ts');
      session = new EvalSession(this.#services, this.profile.apply(persona));
      this.#evaluations.set(personaId, session);
      void session.load();
    }
    session.updatePersona(this.profile.apply(persona));
    return session;
  }

  /** Creates a persona and opens it. */
  async createPersona(init: PersonaInit): Promise<void> {
    await this.#attempt(async () => {
      const persona = await this.personas.create(init);
      this.router.go({ name: 'persona', personaId: persona.id });
    });
  }

  /** Creates a persona from a reviewed import or extraction, runs `done` (to drop the draft) and opens it. */
  async createReviewedPersona(init: PersonaInit, done: () => void): Promise<void> {
    await this.#attempt(async () => {
      const persona = await this.personas.create(init);
      done();
      this.router.go({ name: 'persona', personaId: persona.id });
    });
  }

  /** Saves edits to a persona and returns to it. */
  async updatePersona(personaId: PersonaId, changes: PersonaInit): Promise<void> {
    await this.#attempt(async () => {
      const persona = this.personas.get(personaId);
      if (!persona) return;
      await this.personas.update({ ...persona, ...changes });
      this.router.go({ name: 'persona', personaId });
    });
  }

  /** Deletes a persona with everything it owns, then shows the list. */
  async deletePersona(personaId: PersonaId): Promise<void> {
    await this.#attempt(async () => {
      await this.personas.remove(personaId);
      if (this.session?.persona.id === personaId) this.session = null;
      this.chats = null;
      this.router.go({ name: 'personas' });
    });
  }

  /**
   * Starts a chat with the open persona and opens it. When the characters do not know the
   * user's name yet, the persona page asks for it first (`profile.asking`); saving it with
   * {@link AppState.saveUserName} starts the chat.
   */
  async newChat(): Promise<void> {
    const list = this.chats;
    void this.storage.requestOnce();
    if (!list) return;
    if (this.profile.nameFor(list.persona) === '') {
      this.profile.asking = true;
      return;
    }
    await this.#attempt(async () => {
      const chat = await list.create(this.profile.apply(list.persona));
      this.router.go({ name: 'chat', personaId: list.persona.id, chatId: chat.id });
    });
  }

  /** Saves the name the characters call the user by; when a chat was waiting for it, starts it. Returns the problem to show, or null. */
  async saveUserName(name: string): Promise<Message | null> {
    const waiting = this.profile.asking;
    try {
      await this.profile.save(name);
    } catch (error) {
      return errorMessage(error);
    }
    if (this.session && !this.session.busy) this.session = null;
    if (waiting) await this.newChat();
    return null;
  }

  /** Deletes a chat of the open persona. */
  async deleteChat(chat: Chat): Promise<void> {
    await this.#attempt(async () => {
      await this.chats?.remove(chat.id);
      if (this.session?.chat.id === chat.id) this.session = null;
    });
  }

  /**
   * Sends a line in the open chat with the ready engine. While the saved server is not answering
   * (the app keeps trying it), a send is refused with that reason rather than "no model".
   */
  async send(text: string): Promise<SendOutcome> {
    const session = this.session;
    if (!session) return { kind: 'refused', reason: msg('chat.opening') };
    const engine = this.engine.engine;
    const down = engine ? null : this.engine.reconnect;
    return session.send(text, engine, down ? errorMessage(serverNotAnswering(down.host)) : undefined);
  }

  /** After a restore: reload everything shown and tell the other tabs. */
  async #afterRestore(): Promise<void> {
    this.session = null;
    this.chats = null;
    this.#evaluations.clear();
    await Promise.all([this.personas.load(), this.profile.load()]);
    this.#services.tabs?.publish({ type: 'everything' });
  }

  async #attempt(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (error) {
      this.notices.error(error);
    }
  }
}
