import { groupFields, isGroupChat, membersOf } from '../../core/group-chat.ts';
import { recoverInterruptedReplies } from '../../core/conversation/turn-actions.ts';
import type { Chat } from '../../core/chat.ts';
import type { ChatId, PersonaId } from '../../core/ids.ts';
import { replacedPersona, type Persona, type PersonaInit } from '../../core/persona/index.ts';
import { createLocalChatLocks } from '../../core/sync/chat-locks.ts';
import type { BackupState } from '../data/backup-state.svelte.ts';
import { CardExport, CardImport } from '../persona/card-transfer.svelte.ts';
import { ChatList } from '../chat/chat-list.svelte.ts';
import type { ChatExport } from '../chat/chat-export.svelte.ts';
import { ChatImport } from '../chat/chat-import.svelte.ts';
import type { TrainingExport } from '../data/training-export.svelte.ts';
import type { SendOutcome } from '../chat/chat-controller.ts';
import type { ChatSession } from '../chat/chat-session.svelte.ts';
import { EngineState } from '../engine/engine-state.svelte.ts';
import type { EvalSession } from '../eval/eval-session.svelte.ts';
import type { ExtractSession } from '../persona/extract-session.svelte.ts';
import type { ExperienceBuilder } from '../persona/experience-builder.svelte.ts';
import type { FirstRun } from './first-run.svelte.ts';
import { experienceDraftKey, Settings } from './settings.ts';
import { Notices } from './notices.svelte.ts';
import type { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { PersonaStore } from '../persona/persona-store.svelte.ts';
import { PwaState } from '../data/pwa-state.svelte.ts';
import { Router } from './router.svelte.ts';
import { serverNotAnswering } from '../chat/chat-errors.ts';
import { errorMessage } from './error-message.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { ValidationError } from '../../core/errors/index.ts';
import type { AppServices } from './services.ts';
import { StorageState } from '../data/storage-state.svelte.ts';
import { TabSync } from './tab-sync.svelte.ts';
import { BookLibrary } from '../lore/book-library.svelte.ts';
import { UserPersonas } from '../persona/user-personas.svelte.ts';
import { StarterCharacters } from '../persona/starter-characters.svelte.ts';
import type { ImageThumbnailer } from '../../core/avatar.ts';
import type { Speech } from '../../core/voice.ts';
import { plainTextHtml } from '../../core/markdown/plain-paragraphs.ts';

/** The latest messages a chat shows first (at most the message list's first screen). */
const SHOWN_FIRST = 20;

/** Root state: wires the stores together and opens chats for the current route. */
export class AppState {
  readonly personas: PersonaStore;
  readonly engine: EngineState;
  readonly notices = new Notices();
  readonly router: Router;
  /** A character card being imported (review before save). */
  readonly cardImport: CardImport;
  /** Exports a persona as a character card (PNG, JSON or CHARX). */
  readonly cardExport: CardExport;
  #extraction: ExtractSession | null = null;
  /** Storage used / available and persistent storage. */
  readonly storage: StorageState;
  /** The installed app: update prompt, offline readiness. */
  readonly pwa: PwaState;
  #backup: BackupState | null = null;
  /** World books: the library, the global list, import and export, attaching to personas. */
  readonly books: BookLibrary;
  /** Follows changes made in the app's other tabs. */
  readonly tabSync: TabSync;
  /** The user's "you"s: who the characters talk to. */
  readonly users: UserPersonas;
  /** Adds the starter characters written for EGOS, with their world books. */
  readonly starters: StarterCharacters;
  /** Chat files: one chat or all of a persona's as SillyTavern JSONL, Markdown or text; null until a persona or chat page loads it ({@link AppState.openExports}). */
  chatExport = $state.raw<ChatExport | null>(null);
  /** A SillyTavern chat file being imported (read, then stored in batches). */
  readonly chatImport: ChatImport;
  #training: TrainingExport | null = null;
  /** Makes avatar thumbnails (absent in tests and where the browser lacks a canvas). */
  readonly thumbnailer: ImageThumbnailer | undefined;
  /** The browser's speech synthesis, for the persona editor's voice section (absent where the browser has none). */
  readonly speech: Speech | undefined;
  /** Untrusted Markdown to sanitized HTML for message text; null (until loaded) shows plain text. */
  renderMarkdown = $state.raw<((text: string) => string) | null>(null);
  ready = $state(false);
  /** The first-run screen shows in place of the persona list: a first visit (see {@link AppState.init}) or "Getting started". */
  welcome = $state(false);
  #firstRun: FirstRun | null = null;
  #markdown: Promise<(markdown: string) => string> | null = null;
  #chatCode: Promise<typeof import('../chat/chat-session.svelte.ts')> | null = null;
  /** The chat the route asked for last (see {@link AppState.openChat}). */
  #openingChat: ChatId | null = null;
  /** The other characters of a group chat waiting for the user's name (see {@link AppState.newGroupChat}). */
  #waitingGroup: readonly Persona[] | null = null;
  chats = $state.raw<ChatList | null>(null);
  session = $state.raw<ChatSession | null>(null);
  #services: AppServices;
  /** Evaluation pages by persona, kept while the app runs so a run survives navigation. */
  #evaluations = new Map<PersonaId, EvalSession>();
  /** Experience reconstructions by persona, kept while the app runs so a job survives navigation. */
  #experiences = new Map<PersonaId, ExperienceBuilder>();

  constructor(services: AppServices, location: { hash: string }) {
    this.#services = services;
    this.personas = new PersonaStore(services);
    this.engine = new EngineState(services);
    this.router = new Router(location);
    this.storage = new StorageState(services.storage ?? null, services.repo.settings, services.now);
    this.pwa = new PwaState(services.serviceWorker ?? null);
    this.thumbnailer = services.thumbnailer;
    this.speech = services.speech;
    this.users = new UserPersonas(services.repo.settings, services.thumbnailer);
    this.chatImport = new ChatImport(
      services,
      this.personas,
      (name) => this.users.list.find((u) => u.name.toLocaleLowerCase() === name.trim().toLocaleLowerCase())?.id,
      (chat) => void (this.chats?.persona.id === chat.personaId ? this.chats.load() : undefined),
    );
    // An open chat of a persona whose books changed reopens (when it is not busy), so its prompts follow.
    this.books = new BookLibrary(services, this.personas, (persona) => {
      if (this.session?.persona.id === persona.id && !this.session.busy) this.session = null;
    });
    this.starters = new StarterCharacters(services, { personas: this.personas, books: this.books });
    this.cardExport = new CardExport(services.loadZip);
    this.cardImport = new CardImport({
      personas: () => this.personas.list,
      thumbnailer: services.thumbnailer,
      loadZip: services.loadZip,
      importBook: (bytes, fileName) => this.books.importBytes(bytes, fileName),
    });
    // The getters below must read the live fields, which later navigation replaces.
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const app = this;
    this.tabSync = new TabSync(services.tabs, {
      personas: this.personas,
      books: this.books,
      users: this.users,
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

  /** A chat's persona with the user's name in that chat filled in. @throws ValidationError when the persona is gone. */
  #chatPersona(chat: Pick<Chat, 'personaId' | 'userPersonaId'>): Persona {
    const persona = this.personas.get(chat.personaId);
    if (!persona) throw new ValidationError('invalid', msg('common.personaGone'));
    return this.users.apply(persona, chat);
  }

  /** A group chat's possible characters: every persona (members, and earlier speakers that left), the chat's user filled in; [] for a one-to-one chat. */
  #chatCast(chat: Chat): Persona[] {
    return isGroupChat(chat) ? this.personas.list.map((p) => this.users.apply(p, chat)) : [];
  }

  /** The training-data export of the Data page (loaded on first use, then kept with its choices). */
  async openTraining(): Promise<TrainingExport> {
    if (this.#training) return this.#training;
    const { TrainingExport } = await import('../data/training-export.svelte.ts');
    this.#training ??= new TrainingExport(
      this.#services,
      () => this.personas.list,
      (persona, chat) => this.users.apply(persona, chat),
    );
    return this.#training;
  }

  /** Drafting a persona from source text (review before save): created on first use, then kept while the app runs. */
  async openExtraction(): Promise<ExtractSession> {
    if (this.#extraction) return this.#extraction;
    const { ExtractSession } = await import('../persona/extract-session.svelte.ts');
    this.#extraction ??= new ExtractSession(this.#services);
    return this.#extraction;
  }

  /** The Data page's backup and restore (loaded on first use, then kept). */
  async openBackup(): Promise<BackupState> {
    if (this.#backup) return this.#backup;
    const { BackupState } = await import('../data/backup-state.svelte.ts');
    this.#backup ??= new BackupState(this.#services, () => this.#afterRestore());
    return this.#backup;
  }

  /** Loads the chat-file exporter of the persona and chat pages once (its menus show once it has loaded). */
  async openExports(): Promise<void> {
    if (this.chatExport) return;
    const { ChatExport } = await import('../chat/chat-export.svelte.ts');
    this.chatExport ??= new ChatExport(
      this.#services,
      (chat) => this.#chatPersona(chat),
      (chat) => this.#chatCast(chat),
    );
  }

  /** Loads the Markdown renderer (a lazily loaded chunk) once; screens ask for it once their first text is shown. */
  async loadMarkdown(): Promise<void> {
    if (this.renderMarkdown || !this.#services.loadMarkdownRenderer) return;
    this.#markdown ??= this.#services.loadMarkdownRenderer().finally(() => (this.#markdown = null));
    this.renderMarkdown = await this.#markdown;
  }

  /**
   * Loads what an open chat needs besides its screen (the chat's state and exporter), once. The chat
   * screen asks for it as its own code loads, so they come together instead of one after the other;
   * a failed load is tried again on the next call.
   */
  prepareChat(): Promise<typeof import('../chat/chat-session.svelte.ts')> {
    this.#chatCode ??= Promise.all([import('../chat/chat-session.svelte.ts'), this.openExports()]).then(
      ([chatCode]) => chatCode,
      (error: unknown) => {
        this.#chatCode = null;
        throw error;
      },
    );
    return this.#chatCode;
  }

  /** Loads stored data, repairs replies cut by a crash, and starts the engine choice. */
  async init(): Promise<void> {
    try {
      this.tabSync.start();
      const locks = this.#services.chatLocks ?? createLocalChatLocks();
      const generatingElsewhere = async (chatId: ChatId) => (await locks.heldChats()).has(chatId);
      await recoverInterruptedReplies(this.#services.repo.messages, generatingElsewhere, this.#services.now);
      await Promise.all([this.personas.load(), this.users.load(), this.books.load()]);
      this.welcome = await this.#firstVisit();
    } catch (error) {
      this.notices.error(error);
    }
    this.ready = true;
    if (this.thumbnailer) this.personas.addMissingThumbnails(this.thumbnailer).catch((error: unknown) => this.notices.error(error));
    this.engine.init().catch((error: unknown) => this.notices.error(error));
  }

  /** A first visit: no personas, no engine ever chosen, and the first-run screen never finished or skipped. */
  async #firstVisit(): Promise<boolean> {
    if (this.personas.list.length > 0) return false;
    const settings = new Settings(this.#services.repo.settings);
    const [done, engine] = await Promise.all([settings.get('firstRunDone'), settings.get('engine')]);
    return done !== true && engine === undefined;
  }

  /** The first-run screen's state (loaded with the screen; a fresh one each time the screen opens). */
  async openFirstRun(): Promise<FirstRun> {
    if (this.#firstRun) return this.#firstRun;
    const { FirstRun } = await import('./first-run.svelte.ts');
    this.#firstRun ??= new FirstRun({
      engine: this.engine,
      personas: this.personas,
      starters: this.starters,
      settings: this.#services.repo.settings,
      now: this.#services.now,
      requestStorage: () => this.storage.requestOnce(),
      openChat: async (personaId, userName) => {
        const persona = this.personas.get(personaId);
        if (persona && userName !== '' && this.users.nameFor(persona) === '') {
          const problem = await this.changeUsers((users) => users.saveFirstName(userName));
          if (problem) throw new ValidationError('invalid', problem);
        }
        if (!(await this.openPersona(personaId))) return;
        this.router.go({ name: 'persona', personaId });
        await this.newChat();
      },
      close: () => {
        this.welcome = false;
        this.#firstRun = null;
      },
    });
    return this.#firstRun;
  }

  /** "Getting started": shows the first-run screen again. */
  reopenWelcome(): void {
    this.welcome = true;
    this.router.go({ name: 'personas' });
  }

  /** Opens the chat list of a persona (for the persona and chat screens). */
  async openPersona(personaId: PersonaId): Promise<ChatList | null> {
    const persona = this.personas.get(personaId);
    if (!persona) return null;
    this.openExports().catch((error: unknown) => this.notices.error(error));
    if (this.chats?.persona.id !== personaId || this.chats.persona !== persona) {
      if (this.chats?.persona.id !== personaId) this.users.asking = false;
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
    const chat = await this.#services.repo.chats.get(chatId);
    // A group chat opened from another member's page still belongs to its host.
    const persona = chat && this.personas.get(chat.personaId);
    if (!persona || !chat || (chat.personaId !== personaId && !membersOf(chat).some((m) => m.personaId === personaId))) return null;
    const session = await this.#startSession(chat, persona);
    if (this.#openingChat !== chatId) return session;
    this.session = session;
    return session;
  }

  /**
   * A loaded session of `chat`, its persona seen with the chat's user; a group chat gets every
   * persona as its possible cast (members, and earlier speakers that have left).
   */
  async #startSession(chat: Chat, persona: Persona): Promise<ChatSession> {
    const { ChatSession } = await this.prepareChat();
    const cast = this.#chatCast(chat);
    const session = new ChatSession(this.#services, chat, this.users.apply(persona, chat), () => this.engine.contextWindow, cast);
    // A scene is written in Markdown (narration in asterisks): its renderer loads alongside the messages.
    const markdown = !this.renderMarkdown && (session.isGroup || session.replyForm === 'scene') ? this.loadMarkdown() : null;
    await Promise.all([session.load(), markdown]);
    // Plain lines show before the Markdown renderer has loaded, as they will after; a chat whose
    // latest messages have Markdown waits for it (they would show raw, then change).
    if (!this.renderMarkdown && session.messages.slice(-SHOWN_FIRST).some((m) => plainTextHtml(m.text) === null)) await this.loadMarkdown();
    return session;
  }

  /**
   * Switches the open chat to another "you" (null: the default), from the next reply on; its
   * untouched greeting is rewritten for the new name. The session is rebuilt with the new user
   * (the composer's draft carries over). Returns the problem to show, or null.
   */
  async setChatUser(userPersonaId: string | null): Promise<Message | null> {
    const session = this.session;
    const persona = session && this.personas.get(session.persona.id);
    if (!session || !persona) return msg('chat.opening');
    const id = userPersonaId ?? undefined;
    const outcome = await session.setUserPersona(id, this.users.apply(persona, { userPersonaId: id }));
    if (outcome.kind !== 'done') return outcome.kind === 'refused' ? outcome.reason : outcome.error;
    const next = await this.#startSession(session.chat, persona);
    next.composer.text = session.composer.text;
    if (this.session === session) this.session = next;
    return null;
  }

  /**
   * Runs a change to the "you"s (the You page); an open chat that is not busy is reopened so
   * its prompts and labels follow. Returns the problem to show, or null.
   */
  async changeUsers(change: (users: UserPersonas) => Promise<void>): Promise<Message | null> {
    try {
      await change(this.users);
    } catch (error) {
      return errorMessage(error);
    }
    if (this.session && !this.session.busy) this.session = null;
    return null;
  }

  /** The evaluation page state of a persona (created and loaded on first use); null when it does not exist. */
  /** The long-term memory of a persona, for the memory view (shared with its open chat). */
  async openMemory(personaId: PersonaId): Promise<PersonaMemory | null> {
    if (this.session?.persona.id === personaId) return this.session.memory;
    const persona = this.personas.get(personaId);
    if (!persona) return null;
    const { PersonaMemory } = await import('../memory/persona-memory.svelte.ts');
    const memory = new PersonaMemory(this.#services, this.users.apply(persona));
    await memory.load();
    return memory;
  }

  /**
   * The experience reconstruction of a persona (created and its stored draft read on first use);
   * kept experiences go into the persona's memory (shared with its open chat). Null when the
   * persona does not exist.
   */
  async experiences(personaId: PersonaId): Promise<ExperienceBuilder | null> {
    if (!this.personas.get(personaId)) return null;
    let builder = this.#experiences.get(personaId);
    if (!builder) {
      const { ExperienceBuilder } = await import('../persona/experience-builder.svelte.ts');
      builder = new ExperienceBuilder(personaId, {
        settings: this.#services.repo.settings,
        loadTokenCounter: () => this.#services.loadTokenCounter(),
        now: this.#services.now,
        sourceText: async () => {
          const memory = await this.openMemory(personaId);
          return (memory?.sourceChunks ?? []).map((m) => m.text).join('\n\n');
        },
        storeMemories: async (memories) => {
          const memory = await this.openMemory(personaId);
          if (!memory) throw new ValidationError('invalid', msg('common.personaGone'));
          await memory.storeMemories(memories);
        },
      });
      this.#experiences.set(personaId, builder);
      await builder.load();
    }
    return builder;
  }

  async evaluation(personaId: PersonaId): Promise<EvalSession | null> {
    const persona = this.personas.get(personaId);
    if (!persona) return null;
    let session = this.#evaluations.get(personaId);
    if (!session) {
      const { EvalSession } = await import('../eval/eval-session.svelte.ts');
      session = new EvalSession(this.#services, this.users.apply(persona));
      this.#evaluations.set(personaId, session);
      void session.load();
    }
    session.updatePersona(this.users.apply(persona));
    return session;
  }

  /** Creates a persona and opens it. */
  async createPersona(init: PersonaInit): Promise<void> {
    await this.#attempt(async () => {
      const persona = await this.personas.create(init);
      this.router.go({ name: 'persona', personaId: persona.id });
    });
  }

  /**
   * Saves a reviewed card: as a new persona, or, when the user chose "Replace" for a card that
   * matches a stored persona, over that persona (its id, chats, memories and books stay; see
   * `core/persona/duplicate-import.ts`). Then drops the draft and opens the persona.
   */
  async saveImportedCard(init: PersonaInit): Promise<void> {
    const pending = this.cardImport.pending;
    const target = pending?.choice === 'replace' && pending.duplicateOf ? this.personas.get(pending.duplicateOf.id) : undefined;
    if (!target) return this.createReviewedPersona(init, () => this.cardImport.clear());
    await this.#attempt(async () => {
      await this.personas.update(replacedPersona(target, init, this.#services.now()));
      this.cardImport.clear();
      if (this.session?.persona.id === target.id && !this.session.busy) this.session = null;
      this.router.go({ name: 'persona', personaId: target.id });
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
      // A draft of experiences waiting for review goes with its persona.
      this.#experiences.delete(personaId);
      await new Settings(this.#services.repo.settings).set(experienceDraftKey(personaId), null);
      if (this.session?.persona.id === personaId) this.session = null;
      this.chats = null;
      this.router.go({ name: 'personas' });
    });
  }

  /**
   * Starts a chat with the open persona and opens it (with the default "you"). When the
   * characters do not know the user's name yet, the persona page asks for it first
   * (`users.asking`); saving it with {@link AppState.saveUserName} starts the chat.
   */
  async newChat(): Promise<void> {
    const list = this.chats;
    void this.storage.requestOnce();
    if (!list) return;
    this.#waitingGroup = null;
    if (this.users.nameFor(list.persona) === '') {
      this.users.asking = true;
      return;
    }
    await this.#attempt(async () => {
      const chat = await list.create(this.users.apply(list.persona));
      this.router.go({ name: 'chat', personaId: list.persona.id, chatId: chat.id });
    });
  }

  /**
   * Starts a group chat of the open persona (the host) and `others`, and opens it. As with
   * {@link AppState.newChat}, when the characters do not know the user's name yet the persona
   * page asks for it first, and saving it starts this group chat. Returns the problem to show
   * (too few or too many characters, storage), or null.
   */
  async newGroupChat(others: readonly Persona[]): Promise<Message | null> {
    const list = this.chats;
    void this.storage.requestOnce();
    if (!list) return msg('chat.opening');
    try {
      groupFields([list.persona.id, ...others.map((p) => p.id)]);
      this.#waitingGroup = null;
      if (this.users.nameFor(list.persona) === '') {
        this.#waitingGroup = others;
        this.users.asking = true;
        return null;
      }
      await this.#startGroup(list, others);
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  async #startGroup(list: ChatList, others: readonly Persona[]): Promise<void> {
    const chat = await list.createGroup(
      others.map((p) => this.users.apply(p)),
      this.users.apply(list.persona),
    );
    this.router.go({ name: 'chat', personaId: chat.personaId, chatId: chat.id });
  }

  /** Saves the first name the characters call the user by (the first, default "you"); when a chat (or group chat) was waiting for it, starts it. Returns the problem to show, or null. */
  async saveUserName(name: string): Promise<Message | null> {
    const waiting = this.users.asking;
    const group = this.#waitingGroup;
    const problem = await this.changeUsers((users) => users.saveFirstName(name));
    if (problem === null && waiting && group && this.chats) {
      const list = this.chats;
      this.#waitingGroup = null;
      await this.#attempt(() => this.#startGroup(list, group));
    } else if (problem === null && waiting) await this.newChat();
    return problem;
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
    this.#experiences.clear();
    await Promise.all([this.personas.load(), this.users.load(), this.books.load()]);
    if (this.thumbnailer) this.personas.addMissingThumbnails(this.thumbnailer).catch((error: unknown) => this.notices.error(error));
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
