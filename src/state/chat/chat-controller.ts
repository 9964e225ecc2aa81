import type { Chat } from '../../core/chat.ts';
import { backgroundDecision } from '../../core/conversation/background-work.ts';
import { continueReply } from '../../core/conversation/continue-reply.ts';
import { generateReply, type GenerateReplyOptions, type ReplyOutcome } from '../../core/conversation/generate-reply.ts';
import { regenerateReply } from '../../core/conversation/regenerate-reply.ts';
import type { ReplyStrategy } from '../../core/conversation/reply-strategy.ts';
import { addUserMessage, regreet } from '../../core/conversation/turn-actions.ts';
import { replaceActiveVariant, selectVariant } from '../../core/conversation/variants.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { checkChatRating, countUserTurns, type ChatRating, type ChatRatingInput } from '../../core/eval/chat-rating.ts';
import {
  applyRemoval,
  editMessageText,
  planBranch,
  planDeleteMessage,
  planTruncateAfter,
  saveBranch,
  summariesCovering,
  type HistoryRemoval,
} from '../../core/history/index.ts';
import { msg, type Message as Said } from '../../core/i18n/message.ts';
import type { MessageId, PersonaId } from '../../core/ids.ts';
import { addMember, isGroupChat, membersOf, nextSpeaker, removeMember, setMuted, speakerOf, type TurnOrder } from '../../core/group-chat.ts';
import type { BookId } from '../../core/lore/world-book.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message, PromptSource, ReplyRating } from '../../core/message.ts';
import { checkStyleOverride, type AuthorsNote, type Persona, type ReplyForm } from '../../core/persona/index.ts';
import { checkAuthorsNote } from '../../core/prompt/authors-note.ts';
import { replyFormOf, type BuiltPrompt, type GroupInput } from '../../core/prompt/build.ts';
import type { StyleSettings } from '../../core/style-controls.ts';
import { createLocalChatLocks, type ChatLocks } from '../../core/sync/chat-locks.ts';
import { errorMessage } from '../app/error-message.ts';
import { storedText, type AppServices } from '../app/services.ts';
import type { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { alreadyAnswered, busyInOtherTab, messageGone, notAReply, notLoaded, notNewestToContinue, notNewestToRegenerate } from './chat-errors.ts';
import { chatStrategy } from './chat-strategy.ts';
import type { ComposerDraft } from './composer-draft.svelte.ts';
import type { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import { replyPort } from './reply-port.ts';
import type { SummaryKeeper } from './summary-keeper.svelte.ts';

/** What an open chat needs from outside: storage, the clock, the locks shared by tabs, the tokenizer, and how stored titles are worded. */
export type ChatServices = Pick<AppServices, 'repo' | 'now' | 'chatLocks' | 'loadTokenCounter' | 'storedText'>;

/** The action was carried out. */
type Done = { kind: 'done' };
/** The action did not start, and changed nothing: `reason` says why (e.g. a reply is still being written). */
type Refused = { kind: 'refused'; reason: Said };
/** The action started and went wrong: `error` says what. */
type Failed = { kind: 'failed'; error: Said };

/** How an action on the open chat ended (reply, history change, draft). */
export type ChatOutcome = Done | Refused | Failed;

/**
 * How sending a line ended. `stored` says whether the user's line was saved before the failure:
 * the composer keeps its draft only when it was not (so nothing is lost, and nothing is sent twice).
 */
export type SendOutcome = { kind: 'sent' } | Refused | (Failed & { stored: boolean });

/** How branching ended: the new chat, or why there is none. */
export type BranchOutcome = { kind: 'done'; chat: Chat } | Failed;

/** How a save that cannot be refused ended (the reply form, a reply kept in memory). */
export type SaveOutcome = Done | Failed;

/** The message being edited and its unsaved text. */
export interface EditDraft {
  id: MessageId;
  text: string;
}

/**
 * A group chat's characters as the open chat holds them: every member, and every earlier speaker
 * that still exists, with the chat's user filled in; the memory of each (loaded on first use);
 * the random numbers the `random` turn order draws.
 */
export interface GroupParts {
  cast: readonly Persona[];
  memoryFor(persona: Persona): Promise<PersonaMemory>;
  random?: () => number;
}

/** The keepers an open chat works with (rune classes the interface also reads directly). */
export interface ChatParts {
  summaries: SummaryKeeper;
  /** The memory of the chat's persona (a group chat's host). */
  memory: PersonaMemory;
  /** Set for a group chat. */
  group?: GroupParts;
  personaState: PersonaStateKeeper;
  /** The composer's text; impersonate drafts into it. */
  composer: ComposerDraft;
  /** The loaded model's window (tokens), read at each turn. */
  contextWindow: () => number;
}

const DONE: Done = { kind: 'done' };
const refused = (reason: Said): Refused => ({ kind: 'refused', reason });
const failed = (error: Said): Failed => ({ kind: 'failed', error });

/**
 * One open chat, in plain TypeScript: sending, streaming, regenerating, continuing, stopping,
 * and the user's own changes to its history (swipe, edit, delete, branch), each returning an
 * explicit outcome. Work that writes into the chat runs under the chat's lock (one tab at a time)
 * and after the background work of the last reply (summary, facts, mood). Its data lives in plain
 * fields, changed only by its actions; after each change it calls `onChange` so a view (the rune
 * class `ChatSession`) can copy them.
 */
export class ChatController {
  /** The chat as stored (its reply form can change while it is open). */
  chat: Chat;
  /** The chat's persona; a group chat's host. */
  readonly persona: Persona;
  messages: Message[] = [];
  /** True while this tab streams a reply into the chat. */
  generating = false;
  /** What the user is told about the last failure of a reply or draft in this chat. */
  error: Said | null = null;
  /** Set while partial text could not be saved (e.g. storage full); cleared once saved. */
  saveProblem: Said | null = null;
  /** The last prompt sent: its budget plan feeds the context meter and the summarizer. */
  lastPrompt: BuiltPrompt | null = null;
  /** After a change inside a summarized stretch: says the scene summary may still mention the old text. */
  note: Said | null = null;
  /** The message being edited and its unsaved text (kept here so scrolling it out of view loses nothing). */
  editing: EditDraft | null = null;
  #services: ChatServices;
  #parts: ChatParts;
  #onChange: () => void;
  #strategy: ReplyStrategy;
  #locks: ChatLocks;
  #abort: AbortController | null = null;
  /** The finished reply whose final save failed (kept in memory until `retrySave` stores it). */
  #unsaved: Message | null = null;
  /** Background work after a reply (summary, facts, mood) that the next turn waits for. */
  #memoryWork: Promise<void> = Promise.resolve();
  /** Replies since due background work was first held back to keep the engine's cache. */
  #waited = 0;
  /** A group chat's characters by id (members and earlier speakers); empty for a one-to-one chat. */
  #cast = new Map<PersonaId, Persona>();
  /** The memory used for the last reply's notes (a group chat: its speaker's). */
  #replyMemory: PersonaMemory;
  /** The "why" entries of the style corrections sent with the last reply's prompt. */
  #styleWhy: PromptSource[] = [];

  constructor(services: ChatServices, chat: Chat, persona: Persona, parts: ChatParts, onChange: () => void) {
    this.#services = services;
    this.chat = chat;
    this.persona = persona;
    this.#parts = parts;
    this.#onChange = onChange;
    this.#locks = services.chatLocks ?? createLocalChatLocks();
    this.#replyMemory = parts.memory;
    for (const p of parts.group?.cast ?? []) this.#cast.set(p.id, p);
    this.#cast.set(persona.id, persona);
    this.#strategy = chatStrategy(services, {
      summaries: parts.summaries,
      memoryFor: async (speaker) => {
        this.#replyMemory = speaker.id === persona.id || !parts.group ? parts.memory : await parts.group.memoryFor(speaker);
        return this.#replyMemory;
      },
      personaState: parts.personaState,
      contextWindow: parts.contextWindow,
      group: () => this.#groupInput(),
      chat: () => this.chat,
      onPrompt: (prompt) => {
        this.lastPrompt = prompt;
        this.#onChange();
      },
      onStyleWhy: (why) => (this.#styleWhy = why),
    });
  }

  /** True while a finished reply is kept only in memory because saving it failed. */
  get canRetrySave(): boolean {
    return this.#unsaved !== null;
  }

  /**
   * The chat's characters in order: a group chat's members (one that no longer exists is left
   * out), or the chat's persona.
   */
  get members(): Persona[] {
    return membersOf(this.chat).flatMap((m) => this.#cast.get(m.personaId) ?? []);
  }

  /** The character who said a message (a group chat's speaker; else the chat's persona). */
  speakerOf(message: Pick<Message, 'speakerId'>): Persona {
    return this.#cast.get(speakerOf(message, this.chat)) ?? this.persona;
  }

  /** A group chat's characters for its prompts: the present members, then those who left but spoke. */
  #groupInput(): GroupInput | undefined {
    if (!isGroupChat(this.chat)) return undefined;
    const present = membersOf(this.chat).map((m) => m.personaId);
    const spoke = this.messages.flatMap((m) => (m.role === 'assistant' ? [speakerOf(m, this.chat)] : []));
    const ids = [...new Set([...present, ...spoke])];
    return {
      members: ids.flatMap((id) => {
        const persona = this.#cast.get(id);
        return persona ? [{ persona, form: replyFormOf(persona), present: present.includes(id) }] : [];
      }),
    };
  }

  /** Who answers the user's newest line: the chat's persona, or in a group chat the one addressed or next in turn (null: the user picks). */
  #answerer(): Persona | null {
    if (!isGroupChat(this.chat)) return this.persona;
    const id = nextSpeaker(this.chat, this.members, this.messages, this.#parts.group?.random ?? Math.random);
    return id === null ? null : (this.#cast.get(id) ?? null);
  }

  /**
   * A group chat's character speaks now: it answers the user's newest line, or takes a turn after
   * another character (or the greeting). Refused when it is not a member.
   */
  async speak(personaId: PersonaId, engine: LlmEngine | null): Promise<ChatOutcome> {
    const speaker = this.#cast.get(personaId);
    if (!speaker || !isGroupChat(this.chat) || !membersOf(this.chat).some((m) => m.personaId === personaId)) {
      return refused(errorMessage(new ValidationError('invalid', msg('group.error.notIn'))));
    }
    return this.#generate(engine, errorMessage(notLoaded()), (ready) =>
      this.#stream(ready, (options) => generateReply(this.chat, speaker, this.messages, options)),
    );
  }

  /** Adds a character to the chat (a one-to-one chat becomes a group chat); `persona` has the chat's user filled in. */
  addMember(persona: Persona): Promise<ChatOutcome> {
    return this.#changeMembers((chat) => addMember(chat, persona.id), persona);
  }

  /** Takes a character out of the group chat; what it said stays. */
  removeMember(personaId: PersonaId): Promise<ChatOutcome> {
    return this.#changeMembers((chat) => removeMember(chat, personaId));
  }

  /** Mutes a character (never picked to answer; its Speak button still works) or lets it speak again. */
  setMuted(personaId: PersonaId, muted: boolean): Promise<ChatOutcome> {
    return this.#changeMembers((chat) => setMuted(chat, personaId, muted));
  }

  /** Changes who answers when the user's line names nobody (from the next line on). */
  setTurnOrder(turnOrder: TurnOrder): Promise<ChatOutcome> {
    return this.#changeMembers((chat) => ({ ...chat, turnOrder }));
  }

  /**
   * Applies a change to the chat as stored (so nothing another change wrote is lost); refused with
   * the reason when the change is not valid or a reply is being written, and nothing is stored.
   */
  async #changeMembers(change: (chat: Chat) => Chat, added?: Persona): Promise<ChatOutcome> {
    if (this.busy) return refused(msg('chat.waitForReply'));
    let next: Chat;
    try {
      next = change((await this.#services.repo.chats.get(this.chat.id)) ?? this.chat);
    } catch (error) {
      if (error instanceof ValidationError) return refused(errorMessage(error));
      return failed(errorMessage(error));
    }
    try {
      if (!isGroupChat(this.chat) && isGroupChat(next)) await this.#nameSpeakers();
      await this.#services.repo.chats.put(next);
      if (added) this.#cast.set(added.id, added);
      this.chat = next;
      this.#onChange();
      return DONE;
    } catch (error) {
      return failed(errorMessage(error));
    }
  }

  /** True while this tab generates, drafts, or holds a reply it could not save: the chat's history waits. */
  get busy(): boolean {
    return this.generating || this.#parts.composer.drafting || this.#unsaved !== null;
  }

  /** Reads the messages, and the summaries, memories and mood of the chat. Failures propagate (the opener reports them). */
  async load(): Promise<void> {
    this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
    this.#onChange();
    const { summaries, memory, personaState } = this.#parts;
    await Promise.all([summaries.load(), memory.load(), personaState.load()]);
  }

  /**
   * Reloads the messages after another tab changed them; not while this tab generates or holds
   * an unsaved reply (its own view is newer). Failures propagate (the tab sync reports them).
   */
  async refresh(): Promise<void> {
    if (this.generating || this.#unsaved) return;
    const list = await this.#services.repo.messages.listByChat(this.chat.id);
    if (this.generating || this.#unsaved) return;
    this.messages = list;
    this.#onChange();
  }

  /** Changes this chat's reply form (from the next reply on). */
  async setReplyForm(form: ReplyForm): Promise<SaveOutcome> {
    return this.#saveChat((stored) => ({ ...stored, replyForm: form }));
  }

  /** Turns the chat's "Read replies aloud" switch on or off (off removes the field). */
  async setAutoRead(on: boolean): Promise<SaveOutcome> {
    return this.#saveChat(({ autoRead: _previous, ...stored }) => (on ? { ...stored, autoRead: true } : stored));
  }

  /**
   * Stores a change of the chat's own fields, made on the chat as stored (so nothing another
   * change or tab wrote meanwhile is lost), and shows it.
   */
  async #saveChat(change: (stored: Chat) => Chat): Promise<SaveOutcome> {
    try {
      const next = change((await this.#services.repo.chats.get(this.chat.id)) ?? this.chat);
      await this.#services.repo.chats.put(next);
      this.chat = next;
      this.#onChange();
      return DONE;
    } catch (error) {
      return failed(errorMessage(error));
    }
  }

  /**
   * Changes which "you" this chat uses (`undefined`: the default), from the next reply on, and
   * rewrites its untouched greeting for `after` (this chat's persona with the new user filled
   * in), so the greeting's `{{user}}` follows. Runs under the chat's lock after the background
   * work; refused while this tab generates, drafts or holds an unsaved reply.
   */
  async setUserPersona(userPersonaId: string | undefined, after: Persona): Promise<ChatOutcome> {
    if (this.busy) return refused(msg('chat.waitForReply'));
    try {
      const run = await this.#locks.withChatLock(this.chat.id, async () => {
        await this.settle();
        const { userPersonaId: _previous, ...stored } = (await this.#services.repo.chats.get(this.chat.id)) ?? this.chat;
        const next: Chat = userPersonaId === undefined ? stored : { ...stored, userPersonaId };
        await this.#services.repo.chats.put(next);
        this.chat = next;
        const first = this.messages.find((m) => m.seq === 0);
        const greeting = first && (await this.#services.repo.messages.get(first.id));
        const rewritten = greeting && regreet(greeting, this.persona, after, this.#services.now());
        if (rewritten) {
          await this.#services.repo.messages.put(rewritten);
          this.#upsert(rewritten);
        }
        this.#onChange();
      });
      return run.acquired ? DONE : refused(errorMessage(busyInOtherTab()));
    } catch (error) {
      return failed(errorMessage(error));
    }
  }

  /**
   * Gives this chat its own author's note (from the next reply on; an empty text means none in
   * this chat), or with null removes it, so the persona's default applies again. A note out of
   * bounds (too long, a depth or frequency out of range) is refused with the reason, and nothing
   * is stored.
   */
  async setAuthorsNote(note: AuthorsNote | null): Promise<ChatOutcome> {
    let checked: AuthorsNote | null;
    try {
      checked = note === null ? null : checkAuthorsNote(note);
    } catch (error) {
      return refused(errorMessage(error));
    }
    return this.#saveChat(({ authorsNote: _previous, ...stored }) => (checked === null ? stored : { ...stored, authorsNote: checked }));
  }

  /**
   * Gives this chat its own style values on top of the persona's (a group chat: of every
   * character's), from the next reply on: the system prompt's style section and the style drift
   * check follow them. Null or no values removes them, so the persona's style applies again. A
   * value out of its control's scale, or an unknown control, is refused with the reason, and
   * nothing is stored.
   */
  async setChatStyle(style: Partial<StyleSettings> | null): Promise<ChatOutcome> {
    let checked: Partial<StyleSettings> | null;
    try {
      checked = style === null ? null : checkStyleOverride(style);
    } catch (error) {
      return refused(errorMessage(error));
    }
    return this.#saveChat(({ style: _previous, ...stored }) => (checked === null ? stored : { ...stored, style: checked }));
  }

  /**
   * Stores the user's rating of this chat (each dimension 1–5 and a comment), or with null removes
   * it. Refused with the reason, and nothing stored, before the chat has 20 user turns (`MIN_RATING_TURNS`) or
   * for a score out of range, no score at all or a comment too long.
   */
  async setRating(input: ChatRatingInput | null): Promise<ChatOutcome> {
    let checked: ChatRating | null;
    try {
      checked = input === null ? null : checkChatRating(input, countUserTurns(this.messages), this.#services.now());
    } catch (error) {
      return refused(errorMessage(error));
    }
    return this.#saveChat(({ rating: _previous, ...stored }) => (checked === null ? stored : { ...stored, rating: checked }));
  }

  /**
   * Sets the world books attached to this chat only (from the next reply on; an empty list
   * removes the field). The other fields are read from storage, so nothing another change wrote
   * is lost.
   */
  async setBookIds(bookIds: readonly BookId[]): Promise<SaveOutcome> {
    return this.#saveChat(({ bookIds: _previous, ...stored }) => (bookIds.length === 0 ? stored : { ...stored, bookIds: [...new Set(bookIds)] }));
  }

  /** Saves the reply kept in memory after a failed save (e.g. once storage has space again); `saveProblem` says why it failed. */
  async retrySave(): Promise<SaveOutcome> {
    const pending = this.#unsaved;
    if (!pending) return DONE;
    try {
      await this.#services.repo.messages.put(pending);
      this.#unsaved = null;
      this.saveProblem = null;
      return DONE;
    } catch (error) {
      this.saveProblem = errorMessage(error);
      return failed(this.saveProblem);
    } finally {
      this.#onChange();
    }
  }

  /**
   * Stores the user's line, then streams the reply from `engine`, holding the chat's lock so no
   * other tab generates into it meanwhile. Refused (storing nothing) when the line is empty, a
   * reply or draft is being written, no engine is ready (`noEngine` says why, when the caller
   * knows better than "no model"), an earlier reply still cannot be saved, or another tab holds
   * the chat. A failure says whether the line was stored.
   */
  async send(text: string, engine: LlmEngine | null, noEngine: Said = errorMessage(notLoaded())): Promise<SendOutcome> {
    const line = text.trim();
    if (!line) return refused(msg('chat.error.emptyLine'));
    let stored = false;
    const outcome = await this.#generate(engine, noEngine, async (ready) => {
      const user = await addUserMessage({ ...this.#services.repo, now: this.#services.now }, this.chat, line);
      stored = true;
      this.messages = [...this.messages, user];
      this.#onChange();
      const speaker = this.#answerer();
      // A group chat that lets the user pick: the line waits for a character's Speak button.
      if (!speaker) return DONE;
      return this.#stream(ready, (options) => generateReply(this.chat, speaker, this.messages, options));
    });
    if (outcome.kind === 'done') return { kind: 'sent' };
    if (outcome.kind === 'refused') return outcome;
    return { ...outcome, stored };
  }

  /** Answers the last message when it is the user's (e.g. after its reply was deleted). */
  async respond(engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#generate(engine, errorMessage(notLoaded()), async (ready) => {
      if (this.messages.at(-1)?.role !== 'user') throw alreadyAnswered();
      const speaker = this.#answerer();
      if (!speaker) return refused(msg('group.pickSpeaker'));
      return this.#stream(ready, (options) => generateReply(this.chat, speaker, this.messages, options));
    });
  }

  /** Writes another reply to the last message and keeps the earlier ones as swipes. */
  async regenerate(id: MessageId, engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#generate(engine, errorMessage(notLoaded()), async (ready) => {
      const target = this.#lastReply(id, notNewestToRegenerate);
      const history = this.messages.slice(0, -1);
      return this.#stream(ready, (options) => regenerateReply(this.chat, this.speakerOf(target), history, target, options));
    });
  }

  /** Lets the model carry on the last reply (e.g. one cut off by Stop or the length limit). */
  async continueReply(id: MessageId, engine: LlmEngine | null): Promise<ChatOutcome> {
    return this.#generate(engine, errorMessage(notLoaded()), async (ready) => {
      const target = this.#lastReply(id, notNewestToContinue);
      return this.#stream(ready, (options) => continueReply(this.chat, this.speakerOf(target), this.messages, options), 'continue');
    });
  }

  /**
   * Impersonate: once background work is done (one engine request at a time), the model drafts
   * the user's next line into the composer; nothing is stored.
   */
  async impersonate(engine: LlmEngine | null): Promise<ChatOutcome> {
    if (this.busy) return refused(msg('chat.waitForReply'));
    if (!engine) return this.#refuseReply(errorMessage(notLoaded()));
    await this.settle();
    this.error = await this.#parts.composer.suggest(this.persona, this.messages, engine, this.#strategy);
    this.#onChange();
    return this.error === null ? DONE : failed(this.error);
  }

  /** Stops the reply (or draft) being generated; its text so far is kept. */
  stop(): void {
    this.#abort?.abort();
    this.#parts.composer.stop();
  }

  /** Resolves once the background work after the last reply (summaries, facts, mood) has finished. */
  async settle(): Promise<void> {
    await this.#parts.summaries.idle();
    await this.#memoryWork;
  }

  /**
   * Edits a user line, removes what came after it, and answers it again (the user confirmed).
   * The edit's outcome when it was not done, else the answer's.
   */
  async editAndResend(id: MessageId, text: string, engine: LlmEngine | null): Promise<ChatOutcome> {
    if (!engine) return refused(errorMessage(notLoaded()));
    const edited = await this.editAndTruncate(id, text);
    if (edited.kind !== 'done') return edited;
    return this.messages.at(-1)?.role === 'user' ? this.respond(engine) : DONE;
  }

  /** Opens the editor on a message (closing any other). */
  startEdit(message: Message): void {
    this.editing = { id: message.id, text: message.text };
    this.#onChange();
  }

  /** Keeps the editor's text as the user types. */
  changeEdit(text: string): void {
    if (!this.editing) return;
    this.editing = { ...this.editing, text };
    this.#onChange();
  }

  /** Closes the editor without saving. */
  cancelEdit(): void {
    this.editing = null;
    this.#onChange();
  }

  /** Shows another of a reply's alternatives (swipe). */
  async selectVariant(id: MessageId, index: number): Promise<ChatOutcome> {
    return this.#change(id, async (message) => {
      const chosen = selectVariant(message, index, this.#services.now());
      await this.#services.repo.messages.put(chosen);
      this.#upsert(chosen);
    });
  }

  /**
   * Rates the shown alternative of a character reply (`null`: no rating). A reply rated down is
   * left out of training data by default; each alternative keeps its own rating.
   */
  async rate(id: MessageId, rating: ReplyRating | null): Promise<ChatOutcome> {
    return this.#change(id, async (message) => {
      if (message.role !== 'assistant') throw notAReply();
      const rated = replaceActiveVariant(message, { rating: rating ?? undefined }, message.updatedAt);
      await this.#services.repo.messages.put(rated);
      this.#upsert(rated);
    });
  }

  /** Saves new text for any message; later messages stay as they are. */
  async edit(id: MessageId, text: string): Promise<ChatOutcome> {
    return this.#change(id, async (message) => {
      const edited = editMessageText(message, text, this.#services.now());
      await this.#services.repo.messages.put(edited);
      this.#upsert(edited);
      this.#noteSummaries(summariesCovering(await this.#memories(), edited));
    });
  }

  /** Saves new text and removes every later message (with summaries and facts that depend on them). */
  async editAndTruncate(id: MessageId, text: string): Promise<ChatOutcome> {
    return this.#change(id, async (message) => {
      const edited = editMessageText(message, text, this.#services.now());
      const removal = planTruncateAfter(this.messages, await this.#memories(), id);
      await this.#services.repo.messages.put(edited);
      await this.#remove(removal);
    });
  }

  /** Deletes one message (the user confirmed). */
  async delete(id: MessageId): Promise<ChatOutcome> {
    return this.#change(id, async () => {
      await this.#remove(planDeleteMessage(this.messages, await this.#memories(), id));
    });
  }

  /** Copies the chat up to and including a message into a new chat (this one stays as it is). */
  async branch(id: MessageId): Promise<BranchOutcome> {
    try {
      const chat = (await this.#services.repo.chats.get(this.chat.id)) ?? this.chat;
      const branch = planBranch({
        chat,
        title: storedText(this.#services, msg('chat.branchTitle', { title: chat.title })),
        messages: this.messages,
        memories: await this.#memories(),
        atMessageId: id,
        now: this.#services.now(),
      });
      await saveBranch(this.#services.repo, branch);
      return { kind: 'done', chat: branch.chat };
    } catch (error) {
      return failed(errorMessage(error));
    }
  }

  /** Replaces a message in the list shown, or adds it. */
  #upsert(message: Message): void {
    const i = this.messages.findIndex((m) => m.id === message.id);
    this.messages = i < 0 ? [...this.messages, message] : this.messages.with(i, message);
    this.#onChange();
  }

  /** The newest message when it is `id` and a reply; else throws the error `notLast` makes (or "not a reply"). */
  #lastReply(id: MessageId, notLast: () => ValidationError): Message {
    const last = this.messages.at(-1);
    if (!last || last.id !== id) throw notLast();
    if (last.role !== 'assistant') throw notAReply();
    return last;
  }

  /** Refuses a reply or draft and shows why. */
  #refuseReply(reason: Said): Refused {
    this.error = reason;
    this.#onChange();
    return refused(reason);
  }

  /**
   * Runs generation work under the chat's lock after waiting for background memory work, with
   * the freshest history (another tab may have written). What goes wrong also becomes `error`
   * (or `saveProblem`), which the chat shows.
   */
  async #generate(engine: LlmEngine | null, noEngine: Said, work: (engine: LlmEngine) => Promise<ChatOutcome>): Promise<ChatOutcome> {
    if (this.generating || this.#parts.composer.drafting) return refused(msg('chat.waitForReply'));
    if (!engine) return this.#refuseReply(noEngine);
    const saved = await this.retrySave();
    if (saved.kind === 'failed') return refused(saved.error);
    this.error = null;
    this.generating = true;
    this.#onChange();
    try {
      return await this.#exclusive(async () => {
        await this.settle();
        this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
        this.#onChange();
        return work(engine);
      });
    } finally {
      this.generating = false;
      this.#onChange();
    }
  }

  /** Runs `task` holding the chat's lock; a refusal (another tab holds it) or a failure also becomes `error`. */
  async #exclusive(task: () => Promise<ChatOutcome>): Promise<ChatOutcome> {
    try {
      const run = await this.#locks.withChatLock(this.chat.id, task);
      return run.acquired ? run.value : this.#refuseReply(errorMessage(busyInOtherTab()));
    } catch (error) {
      this.error = errorMessage(error);
      this.#onChange();
      return failed(this.error);
    }
  }

  /**
   * Streams one reply (new, regenerated or continued) with the shared options, then starts the
   * after-turn work. A reply that could not be saved at the end stays in memory (`canRetrySave`).
   */
  async #stream(engine: LlmEngine, run: (options: GenerateReplyOptions) => Promise<ReplyOutcome>, kind: 'reply' | 'continue' = 'reply'): Promise<ChatOutcome> {
    const abort = new AbortController();
    this.#abort = abort;
    try {
      const outcome = await run({
        messages: replyPort(this.#services.repo.messages, (message) => {
          this.#unsaved = message;
          this.#upsert(message);
        }),
        engine,
        strategy: this.#strategy,
        now: this.#services.now,
        signal: abort.signal,
        onUpdate: (m) => this.#upsert(m),
        onSaveError: (e) => {
          this.saveProblem = errorMessage(e);
          this.#onChange();
        },
      });
      this.saveProblem = null;
      if (outcome.removed) this.messages = this.messages.filter((m) => m.id !== outcome.message.id);
      this.#onChange();
      if (outcome.error) return this.#fail(errorMessage(outcome.error));
      if (outcome.unchanged) return this.#fail(msg('chat.nothingAdded'));
      if (outcome.message.status === 'complete') this.#afterTurn(outcome.message, engine, outcome.cleanEnd === true && kind !== 'continue');
      return DONE;
    } catch (error) {
      if (!this.#unsaved) throw error;
      this.saveProblem = errorMessage(error);
      this.#onChange();
      return failed(this.saveProblem);
    } finally {
      this.#abort = null;
    }
  }

  /** Shows a reply's failure and returns it. */
  #fail(error: Said): Failed {
    this.error = error;
    this.#onChange();
    return failed(error);
  }

  /**
   * Organize and Summarize after a completed reply: keep its "why" (lore and the author's note
   * from the prompt, then what retrieval chose, then the style corrections), then the background model
   * work that is due — a scene summary, facts, the mood — now, or later when running it now would
   * cost the next reply its cached prompt (see `backgroundDecision`).
   */
  #afterTurn(reply: Message, engine: LlmEngine, cacheWarm: boolean): void {
    const { memory } = this.#parts;
    const why = [...(this.lastPrompt?.why ?? []), ...this.#replyMemory.lastWhy, ...this.#styleWhy];
    if (why.length > 0) {
      const explained = replaceActiveVariant(reply, { why }, reply.updatedAt);
      this.#upsert(explained);
      this.#services.repo.messages.patch(reply.id, { why, variants: explained.variants }).catch((e: unknown) => {
        this.saveProblem = errorMessage(e);
        this.#onChange();
      });
    }
    memory.countTurn();
    this.#memoryWork = this.#background(engine, this.messages, this.lastPrompt, cacheWarm);
  }

  async #background(engine: LlmEngine, messages: Message[], prompt: BuiltPrompt | null, cacheWarm: boolean): Promise<void> {
    const { summaries, memory, personaState } = this.#parts;
    // A group chat has no mood: each character would need its own, in the system prompt they share.
    const due = { summary: await summaries.due(messages, prompt), facts: memory.factsDue, mood: !isGroupChat(this.chat) && personaState.due(messages) };
    const decision = backgroundDecision({ promptCache: engine.capabilities.promptCache, due, cacheWarm, waited: this.#waited });
    if (decision === 'wait') this.#waited++;
    if (decision !== 'run') return;
    this.#waited = 0;
    const group = this.#groupInput();
    const cast = group && new Map(group.members.map((m) => [m.persona.id, m.persona.name.trim()]));
    if (due.summary) {
      summaries.start(this.persona, messages, engine, prompt, cast);
      await summaries.idle();
    }
    if (due.facts) {
      // A group chat's facts are read from every character's turns and kept by each character present.
      const facts = await memory.extractFacts(engine, this.chat, messages, cast);
      if (group && facts.length > 0) await this.#shareFacts(group, facts);
    }
    if (due.mood) await personaState.update(engine, messages);
  }

  /**
   * A one-to-one chat becoming a group chat: its character messages so far are stamped with the
   * persona's id, so they stay its lines whoever hosts the chat later.
   */
  async #nameSpeakers(): Promise<void> {
    const stored = await this.#services.repo.messages.listByChat(this.chat.id);
    const named = stored.filter((m) => m.role === 'assistant' && m.speakerId === undefined).map((m) => ({ ...m, speakerId: this.persona.id }));
    if (named.length > 0) await this.#services.repo.messages.bulkPut(named);
    this.messages = this.messages.map((m) => named.find((n) => n.id === m.id) ?? m);
  }

  /** Gives the group chat's other present characters copies of facts the host's memory kept. */
  async #shareFacts(group: GroupInput, facts: readonly Memory[]): Promise<void> {
    for (const member of group.members) {
      if (!member.present || member.persona.id === this.persona.id || !this.#parts.group) continue;
      try {
        await (await this.#parts.group.memoryFor(member.persona)).adopt(facts);
      } catch (error) {
        this.#parts.memory.error = msg('memory.error.factsNotSaved', { why: errorMessage(error) });
      }
    }
  }

  /**
   * Runs a change of one stored message under the chat's lock, after the background work on the
   * history; refused while this tab generates, drafts or holds an unsaved reply. Closes the
   * editor on that message once the change is saved.
   */
  async #change(id: MessageId, task: (message: Message) => Promise<void>): Promise<ChatOutcome> {
    if (this.busy) return refused(msg('chat.waitForReply'));
    try {
      const run = await this.#locks.withChatLock(this.chat.id, async () => {
        await this.settle();
        const message = await this.#services.repo.messages.get(id);
        if (!message || message.chatId !== this.chat.id) throw messageGone();
        this.note = null;
        await task(message);
        if (this.editing?.id === id) this.editing = null;
      });
      return run.acquired ? DONE : refused(errorMessage(busyInOtherTab()));
    } catch (error) {
      return failed(errorMessage(error));
    } finally {
      this.#onChange();
    }
  }

  async #remove(removal: HistoryRemoval): Promise<void> {
    await applyRemoval(this.#services.repo, removal);
    await this.load();
    this.#noteSummaries(removal.keptSummaries);
  }

  #noteSummaries(summaries: readonly Memory[]): void {
    this.note = summaries.length > 0 ? msg('chat.inSummary') : null;
  }

  async #memories(): Promise<Memory[]> {
    return this.#services.repo.memories.listByChat(this.chat.id);
  }
}
