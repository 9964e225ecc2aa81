import type { ChatRatingInput } from '../../core/eval/chat-rating.ts';
import type { Chat } from '../../core/chat.ts';
import type { Message as Said } from '../../core/i18n/message.ts';
import { isGroupChat, type TurnOrder } from '../../core/group-chat.ts';
import type { MessageId, PersonaId } from '../../core/ids.ts';
import type { BookId } from '../../core/lore/world-book.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Message, ReplyRating } from '../../core/message.ts';
import { readStyle, type AuthorsNote, type Persona, type ReplyForm, type StyleReading } from '../../core/persona/index.ts';
import { replyFormOf, type BuiltPrompt } from '../../core/prompt/build.ts';
import type { StyleSettings } from '../../core/style-controls.ts';
import { PersonaMemory, type MemoryServices } from '../memory/persona-memory.svelte.ts';
import {
  ChatController,
  type BranchOutcome,
  type ChatOutcome,
  type EditDraft,
  type SaveOutcome,
  type SendOutcome,
  type ChatServices,
} from './chat-controller.ts';
import { ComposerDraft } from './composer-draft.svelte.ts';
import { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import { ReadAloud, type VoiceServices } from './read-aloud.svelte.ts';
import { SummaryKeeper } from './summary-keeper.svelte.ts';

/**
 * One open chat as the interface sees it: the state of its {@link ChatController}, copied into
 * runes after each change, and the controller's actions (each returns its outcome). The keepers
 * of summaries, memory and mood, and the composer's draft, are rune classes shown directly.
 */
export class ChatSession {
  readonly persona: Persona;
  readonly summaries: SummaryKeeper;
  /** The composer's text for this chat; impersonate drafts into it. */
  readonly composer = new ComposerDraft();
  /** Long-term memory of the persona: retrieval for each turn, facts after turns. */
  readonly memory: PersonaMemory;
  /** The character's evolving mood and closeness in this chat. */
  readonly personaState: PersonaStateKeeper;
  /** Reading replies aloud: the play buttons and the chat's auto-read switch. */
  readonly voice: ReadAloud;
  readonly #controller: ChatController;
  #chat = $state.raw<Chat>(null as unknown as Chat);
  #messages = $state.raw<Message[]>([]);
  #generating = $state(false);
  #error = $state.raw<Said | null>(null);
  #saveProblem = $state.raw<Said | null>(null);
  #lastPrompt = $state.raw<BuiltPrompt | null>(null);
  #note = $state.raw<Said | null>(null);
  #editing = $state.raw<EditDraft | null>(null);
  #canRetrySave = $state(false);
  #styleReading = $derived.by(() => readStyle(this.persona, this.#chat, this.#messages));

  /** A group chat's other characters' memories, by persona (loaded on first use). */
  readonly #memories = new Map<PersonaId, Promise<PersonaMemory>>();

  /**
   * `contextWindow` reads the loaded model's window (tokens) at each turn. A group chat also
   * gets its `cast`: every member and earlier speaker that still exists, the user filled in.
   */
  constructor(
    services: ChatServices & MemoryServices & VoiceServices,
    chat: Chat,
    persona: Persona,
    contextWindow: () => number,
    cast: readonly Persona[] = [],
  ) {
    this.persona = persona;
    this.memory = new PersonaMemory(services, persona);
    this.personaState = new PersonaStateKeeper(services, chat, persona);
    this.summaries = new SummaryKeeper(services, chat, (memory) => this.memory.add(memory));
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const session = this;
    this.voice = new ReadAloud(services.speech, {
      persona,
      speakerOf: (message) => this.speakerOf(message),
      formOf: (speaker) => (this.isGroup ? replyFormOf(speaker) : this.replyForm),
      get autoRead() {
        return session.autoRead;
      },
    });
    const memoryFor = (speaker: Persona): Promise<PersonaMemory> => {
      if (speaker.id === persona.id) return Promise.resolve(this.memory);
      let loading = this.#memories.get(speaker.id);
      if (!loading) {
        const memory = new PersonaMemory(services, speaker);
        loading = memory.load().then(() => memory);
        // A failed load is tried again on the next turn.
        loading.catch(() => this.#memories.delete(speaker.id));
        this.#memories.set(speaker.id, loading);
      }
      return loading;
    };
    const group = isGroupChat(chat) || cast.length > 0 ? { cast, memoryFor } : undefined;
    const parts = {
      summaries: this.summaries,
      memory: this.memory,
      personaState: this.personaState,
      composer: this.composer,
      contextWindow,
      ...(group ? { group } : {}),
    };
    this.#controller = new ChatController(services, chat, persona, parts, () => this.#copy());
    this.#copy();
  }

  /** Copies the controller's state (unchanged values notify no one). */
  #copy(): void {
    const c = this.#controller;
    this.#chat = c.chat;
    this.#messages = c.messages;
    this.#generating = c.generating;
    this.#error = c.error;
    this.#saveProblem = c.saveProblem;
    this.#lastPrompt = c.lastPrompt;
    this.#note = c.note;
    this.#editing = c.editing;
    this.#canRetrySave = c.canRetrySave;
    this.voice.observe(c.messages, c.generating);
  }

  /** The chat as stored (its reply form can change while it is open). */
  get chat(): Chat {
    return this.#chat;
  }

  get messages(): Message[] {
    return this.#messages;
  }

  /** True while this tab streams a reply into the chat. */
  get generating(): boolean {
    return this.#generating;
  }

  /** What the user is told about the last failure of a reply or draft (shown in the interface's language). */
  get error(): Said | null {
    return this.#error;
  }

  /** Set while partial text could not be saved (e.g. storage full); cleared once saved. */
  get saveProblem(): Said | null {
    return this.#saveProblem;
  }

  /** The last prompt sent: its budget plan feeds the context meter. */
  get lastPrompt(): BuiltPrompt | null {
    return this.#lastPrompt;
  }

  /** After a change inside a summarized stretch: says the scene summary may still mention the old text. */
  get note(): Said | null {
    return this.#note;
  }

  /** The message being edited and its unsaved text, or null. */
  get editing(): EditDraft | null {
    return this.#editing;
  }

  /** True while a finished reply is kept only in memory because saving it failed. */
  get canRetrySave(): boolean {
    return this.#canRetrySave;
  }

  /** True while this tab generates, drafts, or holds a reply it could not save. */
  get busy(): boolean {
    return this.#generating || this.composer.drafting || this.#canRetrySave;
  }

  /** True for a group chat. */
  get isGroup(): boolean {
    return isGroupChat(this.#chat);
  }

  /** The chat's characters in order (a group chat's members; else the persona). */
  get members(): Persona[] {
    void this.#chat;
    return this.#controller.members;
  }

  /** The character who said a message. */
  speakerOf(message: Pick<Message, 'speakerId'>): Persona {
    void this.#chat;
    return this.#controller.speakerOf(message);
  }

  /** See {@link ChatController.speak}. */
  speak(personaId: PersonaId, engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#controller.speak(personaId, engine);
  }

  /** See {@link ChatController.addMember}. */
  addMember(persona: Persona): Promise<ChatOutcome> {
    return this.#controller.addMember(persona);
  }

  /** See {@link ChatController.removeMember}. */
  removeMember(personaId: PersonaId): Promise<ChatOutcome> {
    return this.#controller.removeMember(personaId);
  }

  /** See {@link ChatController.setMuted}. */
  setMuted(personaId: PersonaId, muted: boolean): Promise<ChatOutcome> {
    return this.#controller.setMuted(personaId, muted);
  }

  /** See {@link ChatController.setTurnOrder}. */
  setTurnOrder(order: TurnOrder): Promise<ChatOutcome> {
    return this.#controller.setTurnOrder(order);
  }

  /** The form this chat's replies take: the chat's own choice, else the persona's. */
  get replyForm(): ReplyForm {
    return replyFormOf(this.persona, this.#chat.replyForm);
  }

  /** See {@link ChatController.load}. */
  load(): Promise<void> {
    return this.#controller.load();
  }

  /** See {@link ChatController.refresh}. */
  refresh(): Promise<void> {
    return this.#controller.refresh();
  }

  /** See {@link ChatController.setReplyForm}. */
  setReplyForm(form: ReplyForm): Promise<SaveOutcome> {
    return this.#controller.setReplyForm(form);
  }

  /** True while the chat's "Read replies aloud" switch is on. */
  get autoRead(): boolean {
    return this.#chat.autoRead === true;
  }

  /** See {@link ChatController.setAutoRead}. */
  setAutoRead(on: boolean): Promise<SaveOutcome> {
    return this.#controller.setAutoRead(on);
  }

  /** See {@link ChatController.setUserPersona}. */
  setUserPersona(userPersonaId: string | undefined, after: Persona): Promise<ChatOutcome> {
    return this.#controller.setUserPersona(userPersonaId, after);
  }

  /** See {@link ChatController.setRating}. */
  setRating(input: ChatRatingInput | null): Promise<ChatOutcome> {
    return this.#controller.setRating(input);
  }

  /** See {@link ChatController.setAuthorsNote}. */
  setAuthorsNote(note: AuthorsNote | null): Promise<ChatOutcome> {
    return this.#controller.setAuthorsNote(note);
  }

  /**
   * How the chat's persona (a group chat's host) has been replying on the style controls text can
   * show, against the style this chat asks for (see core/persona/style-drift.ts).
   */
  get styleReading(): StyleReading {
    return this.#styleReading;
  }

  /** The same reading for any character of the chat (a group chat's member: only its own replies). */
  styleReadingOf(persona: Persona): StyleReading {
    return persona.id === this.persona.id ? this.#styleReading : readStyle(persona, this.#chat, this.#messages);
  }

  /** See {@link ChatController.setChatStyle}. */
  setChatStyle(style: Partial<StyleSettings> | null): Promise<ChatOutcome> {
    return this.#controller.setChatStyle(style);
  }

  /** See {@link ChatController.setBookIds}. */
  setBookIds(bookIds: readonly BookId[]): Promise<SaveOutcome> {
    return this.#controller.setBookIds(bookIds);
  }

  /** See {@link ChatController.retrySave}. */
  retrySave(): Promise<SaveOutcome> {
    return this.#controller.retrySave();
  }

  /** See {@link ChatController.send}. */
  send(text: string, engine: LlmEngine | null, noEngine?: Said): Promise<SendOutcome> {
    return this.#controller.send(text, engine, noEngine);
  }

  /** See {@link ChatController.respond}. */
  respond(engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#controller.respond(engine);
  }

  /** See {@link ChatController.regenerate}. */
  regenerate(id: MessageId, engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#controller.regenerate(id, engine);
  }

  /** See {@link ChatController.continueReply}. */
  continueReply(id: MessageId, engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#controller.continueReply(id, engine);
  }

  /** See {@link ChatController.impersonate}. */
  impersonate(engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#controller.impersonate(engine);
  }

  /** Stops the reply (or draft) being generated; its text so far is kept. */
  stop(): void {
    this.#controller.stop();
  }

  /** Resolves once the background work after the last reply (summaries, facts, mood) has finished. */
  settle(): Promise<void> {
    return this.#controller.settle();
  }

  /** See {@link ChatController.editAndResend}. */
  editAndResend(id: MessageId, text: string, engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#controller.editAndResend(id, text, engine);
  }

  /** Opens the editor on a message (closing any other). */
  startEdit(message: Message): void {
    this.#controller.startEdit(message);
  }

  /** Keeps the editor's text as the user types. */
  changeEdit(text: string): void {
    this.#controller.changeEdit(text);
  }

  /** Closes the editor without saving. */
  cancelEdit(): void {
    this.#controller.cancelEdit();
  }

  /** See {@link ChatController.selectVariant}. */
  selectVariant(id: MessageId, index: number): Promise<ChatOutcome> {
    return this.#controller.selectVariant(id, index);
  }

  /** See {@link ChatController.rate}. */
  rate(id: MessageId, rating: ReplyRating | null): Promise<ChatOutcome> {
    return this.#controller.rate(id, rating);
  }

  /** See {@link ChatController.edit}. */
  edit(id: MessageId, text: string): Promise<ChatOutcome> {
    return this.#controller.edit(id, text);
  }

  /** See {@link ChatController.editAndTruncate}. */
  editAndTruncate(id: MessageId, text: string): Promise<ChatOutcome> {
    return this.#controller.editAndTruncate(id, text);
  }

  /** See {@link ChatController.delete}. */
  delete(id: MessageId): Promise<ChatOutcome> {
    return this.#controller.delete(id);
  }

  /** See {@link ChatController.branch}. */
  branch(id: MessageId): Promise<BranchOutcome> {
    return this.#controller.branch(id);
  }
}
