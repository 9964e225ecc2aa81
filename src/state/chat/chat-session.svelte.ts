import type { Chat } from '../../core/chat.ts';
import { continueReply } from '../../core/conversation/continue-reply.ts';
import { generateReply, type GenerateReplyOptions, type ReplyOutcome } from '../../core/conversation/generate-reply.ts';
import { regenerateReply } from '../../core/conversation/regenerate-reply.ts';
import { replaceActiveVariant } from '../../core/conversation/variants.ts';
import type { ReplyStrategy } from '../../core/conversation/reply-strategy.ts';
import { addUserMessage } from '../../core/conversation/turn-actions.ts';
import { backgroundDecision } from '../../core/conversation/background-work.ts';
import type { ValidationError } from '../../core/errors/index.ts';
import { alreadyAnswered, busyInOtherTab, notAReply, notLoaded, notNewestToContinue, notNewestToRegenerate } from './chat-errors.ts';
import { CHAT_TEXTS } from './chat-texts.ts';
import type { MessageId } from '../../core/ids.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Message } from '../../core/message.ts';
import type { Persona, ReplyForm } from '../../core/persona/index.ts';
import { replyFormOf, type BuiltPrompt } from '../../core/prompt/build.ts';
import { createLocalChatLocks, type ChatLocks } from '../../core/sync/chat-locks.ts';
import { ChatHistory } from './chat-history.svelte.ts';
import { chatStrategy } from './chat-strategy.ts';
import { ComposerDraft } from './composer-draft.svelte.ts';
import { errorText } from '../app/error-text.ts';
import { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import { replyPort } from './reply-port.ts';
import type { AppServices } from '../app/services.ts';
import { SummaryKeeper } from './summary-keeper.svelte.ts';
import { inUiLanguage } from '../app/ui-language.ts';

/** How a locked piece of work ended. */
type LockedOutcome = 'done' | 'refused' | 'failed';

/** One open chat: its messages, sending, streaming, stopping, and the actions on its history. */
export class ChatSession {
  /** The chat as stored (its reply form can change while it is open). */
  chat = $state.raw<Chat>(null as unknown as Chat);
  readonly persona: Persona;
  messages = $state.raw<Message[]>([]);
  generating = $state(false);
  /** User-facing text of the last failure in this chat. */
  error = $state<string | null>(null);
  /** Set while partial text could not be saved (e.g. storage full); cleared once saved. */
  saveProblem = $state<string | null>(null);
  /** The last prompt sent: its budget plan feeds the context meter and the summarizer. */
  lastPrompt = $state.raw<BuiltPrompt | null>(null);
  readonly summaries: SummaryKeeper;
  /** Edit, delete, swipe and branch. */
  readonly history: ChatHistory;
  /** The composer's text for this chat; impersonate drafts into it. */
  readonly composer = new ComposerDraft();
  /** Long-term memory of the persona: retrieval for each turn, facts after turns. */
  readonly memory: PersonaMemory;
  /** The character's evolving mood and closeness in this chat. */
  readonly personaState: PersonaStateKeeper;
  #services: AppServices;
  #strategy: ReplyStrategy;
  #controller: AbortController | null = null;
  #locks: ChatLocks;
  /** The finished reply whose final save failed (kept in memory until `retrySave` stores it). */
  #unsaved = $state.raw<Message | null>(null);
  /** Background work after a reply (summary, facts, mood) that the next turn waits for. */
  #memoryWork: Promise<void> = Promise.resolve();
  /** Replies since due background work was first held back to keep the engine's cache. */
  #waited = 0;

  /** `contextWindow` reads the loaded model's window (tokens) at each turn. */
  constructor(services: AppServices, chat: Chat, persona: Persona, contextWindow: () => number) {
    this.#services = services;
    this.chat = chat;
    this.persona = persona;
    this.memory = new PersonaMemory(services, persona);
    this.personaState = new PersonaStateKeeper(services, chat, persona);
    this.summaries = new SummaryKeeper(services, chat, (memory) => this.memory.add(memory));
    this.#locks = services.chatLocks ?? createLocalChatLocks();
    this.history = new ChatHistory(services, this, this.#locks);
    this.#strategy = chatStrategy(services, {
      summaries: this.summaries,
      memory: this.memory,
      personaState: this.personaState,
      contextWindow,
      chat: () => this.chat,
      onPrompt: (prompt) => (this.lastPrompt = prompt),
    });
  }

  /** The form this chat's replies take: the chat's own choice, else the persona's. */
  get replyForm(): ReplyForm {
    return replyFormOf(this.persona, this.chat.replyForm);
  }

  /** Changes this chat's reply form (from the next reply on); returns the problem to show, or null. */
  async setReplyForm(form: ReplyForm): Promise<string | null> {
    try {
      const stored = (await this.#services.repo.chats.get(this.chat.id)) ?? this.chat;
      const next: Chat = { ...stored, replyForm: form };
      await this.#services.repo.chats.put(next);
      this.chat = next;
      return null;
    } catch (error) {
      return errorText(error);
    }
  }

  async load(): Promise<void> {
    this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
    await Promise.all([this.summaries.load(), this.memory.load(), this.personaState.load()]);
  }

  /** True while a finished reply is kept only in memory because saving it failed. */
  get canRetrySave(): boolean {
    return this.#unsaved !== null;
  }

  /** True while this tab generates, drafts, or holds a reply it could not save. */
  get busy(): boolean {
    return this.generating || this.composer.drafting || this.#unsaved !== null;
  }

  /**
   * Saves the reply kept in memory after a failed save (e.g. once storage has space again).
   * Returns true when nothing is left unsaved; on failure `saveProblem` says why.
   */
  async retrySave(): Promise<boolean> {
    const pending = this.#unsaved;
    if (!pending) return true;
    try {
      await this.#services.repo.messages.put(pending);
      this.#unsaved = null;
      this.saveProblem = null;
      return true;
    } catch (error) {
      this.saveProblem = errorText(error);
      return false;
    }
  }

  /** Reloads the messages after another tab changed them (not while this tab generates or holds an unsaved reply). */
  async refresh(): Promise<void> {
    if (this.generating || this.#unsaved) return;
    const list = await this.#services.repo.messages.listByChat(this.chat.id);
    if (this.generating || this.#unsaved) return;
    this.messages = list;
  }

  /**
   * Stores the user's line, then streams the reply from `engine`, holding the chat's lock so no
   * other tab generates into it meanwhile. Returns false (and stores nothing) when no engine is
   * ready, another tab is generating in this chat, or an earlier reply still cannot be saved,
   * so the caller keeps the draft.
   */
  async send(text: string, engine: LlmEngine | null): Promise<boolean> {
    const line = text.trim();
    if (!line) return false;
    let stored = false;
    const outcome = await this.#generate(engine, async (ready) => {
      const user = await addUserMessage({ ...this.#services.repo, now: this.#services.now }, this.chat, line);
      stored = true;
      this.messages = [...this.messages, user];
      await this.#stream(ready, (options) => generateReply(this.chat, this.persona, this.messages, options));
    });
    // The draft may go once this line is stored, even when the reply failed afterwards.
    return outcome === 'done' || stored;
  }

  /** Answers the last message when it is the user's (e.g. after its reply was deleted). */
  async respond(engine: LlmEngine | null): Promise<void> {
    await this.#generate(engine, async (ready) => {
      if (this.messages.at(-1)?.role !== 'user') throw alreadyAnswered();
      await this.#stream(ready, (options) => generateReply(this.chat, this.persona, this.messages, options));
    });
  }

  /** Writes another reply to the last message and keeps the earlier ones as swipes. */
  async regenerate(id: MessageId, engine: LlmEngine | null): Promise<void> {
    await this.#generate(engine, async (ready) => {
      const target = this.#lastMessage(id, notNewestToRegenerate);
      const history = this.messages.slice(0, -1);
      await this.#stream(ready, (options) => regenerateReply(this.chat, this.persona, history, target, options));
    });
  }

  /** Lets the model carry on the last reply (e.g. one cut off by Stop or the length limit). */
  async continueReply(id: MessageId, engine: LlmEngine | null): Promise<void> {
    await this.#generate(engine, async (ready) => {
      this.#lastMessage(id, notNewestToContinue);
      await this.#stream(ready, (options) => continueReply(this.chat, this.persona, this.messages, options), 'continue');
    });
  }

  /** Impersonate: once background work is done (one engine request at a time), the model drafts the user's next line into the composer; nothing is stored. */
  async impersonate(engine: LlmEngine | null): Promise<void> {
    if (this.busy) return;
    if (!engine) {
      this.error = errorText(notLoaded());
      return;
    }
    await this.settle();
    this.error = await this.composer.suggest(this.persona, this.messages, engine, this.#strategy);
  }

  /** Stops the reply (or draft) being generated; its text so far is kept. */
  stop(): void {
    this.#controller?.abort();
    this.composer.stop();
  }

  /** Resolves once the background work after the last reply (summaries, facts, mood) has finished. */
  async settle(): Promise<void> {
    await this.summaries.idle();
    await this.#memoryWork;
  }

  /** Replaces a message in the list shown (after a change stored by the history actions). */
  upsert(message: Message): void {
    const i = this.messages.findIndex((m) => m.id === message.id);
    this.messages = i < 0 ? [...this.messages, message] : this.messages.with(i, message);
  }

  /** Edits a user line, removes what came after it, and answers it again (the user confirmed). */
  async editAndResend(id: MessageId, text: string, engine: LlmEngine | null): Promise<string | null> {
    if (!engine) return errorText(notLoaded());
    const problem = await this.history.editAndTruncate(id, text);
    if (problem !== null) return problem;
    if (this.messages.at(-1)?.role === 'user') await this.respond(engine);
    return null;
  }

  #lastMessage(id: MessageId, notLast: () => ValidationError): Message {
    const last = this.messages.at(-1);
    if (!last || last.id !== id) throw notLast();
    if (last.role !== 'assistant') throw notAReply();
    return last;
  }

  /**
   * Runs generation work under the chat's lock after waiting for background memory work, with
   * the freshest history (another tab may have written). Failures become `error`.
   */
  async #generate(engine: LlmEngine | null, work: (engine: LlmEngine) => Promise<void>): Promise<LockedOutcome> {
    if (this.generating || this.composer.drafting) return 'refused';
    if (!engine) {
      this.error = errorText(notLoaded());
      return 'refused';
    }
    if (!(await this.retrySave())) return 'refused';
    this.error = null;
    this.generating = true;
    try {
      return await this.#exclusive(async () => {
        await this.settle();
        this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
        await work(engine);
      });
    } finally {
      this.generating = false;
    }
  }

  /** Runs `task` holding the chat's lock; sets `error` when refused or failed. */
  async #exclusive(task: () => Promise<void>): Promise<LockedOutcome> {
    try {
      const run = await this.#locks.withChatLock(this.chat.id, task);
      if (run.acquired) return 'done';
      this.error = errorText(busyInOtherTab());
      return 'refused';
    } catch (error) {
      this.error = errorText(error);
      return 'failed';
    }
  }

  /** Streams one reply (new, regenerated or continued) with the shared options, then runs the after-turn work. */
  async #stream(engine: LlmEngine, run: (options: GenerateReplyOptions) => Promise<ReplyOutcome>, kind: 'reply' | 'continue' = 'reply'): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    try {
      const outcome = await run({
        messages: replyPort(this.#services.repo.messages, (message) => {
          this.#unsaved = message;
          this.upsert(message);
        }),
        engine,
        strategy: this.#strategy,
        now: this.#services.now,
        signal: controller.signal,
        onUpdate: (m) => this.upsert(m),
        onSaveError: (e) => (this.saveProblem = errorText(e)),
      });
      this.saveProblem = null;
      if (outcome.removed) this.messages = this.messages.filter((m) => m.id !== outcome.message.id);
      if (outcome.error) this.error = errorText(outcome.error);
      else if (outcome.unchanged) this.error = inUiLanguage(CHAT_TEXTS.nothingAdded);
      else if (outcome.message.status === 'complete') this.#afterTurn(outcome.message, engine, outcome.cleanEnd === true && kind !== 'continue');
    } catch (error) {
      if (!this.#unsaved) throw error;
      this.saveProblem = errorText(error);
    } finally {
      this.#controller = null;
    }
  }

  /**
   * Organize and Summarize after a completed reply: keep its "why", then the background model
   * work that is due — a scene summary, facts, the mood — now, or later when running it now would
   * cost the next reply its cached prompt (see `backgroundDecision`).
   */
  #afterTurn(reply: Message, engine: LlmEngine, cacheWarm: boolean): void {
    const why = this.memory.lastWhy;
    if (why.length > 0) {
      const explained = replaceActiveVariant(reply, { why }, reply.updatedAt);
      this.upsert(explained);
      this.#services.repo.messages.patch(reply.id, { why, variants: explained.variants }).catch((e: unknown) => (this.saveProblem = errorText(e)));
    }
    this.memory.countTurn();
    const messages = this.messages;
    const prompt = this.lastPrompt;
    this.#memoryWork = this.#background(engine, messages, prompt, cacheWarm);
  }

  async #background(engine: LlmEngine, messages: Message[], prompt: BuiltPrompt | null, cacheWarm: boolean): Promise<void> {
    const due = { summary: await this.summaries.due(messages, prompt), facts: this.memory.factsDue, mood: this.personaState.due(messages) };
    const decision = backgroundDecision({ promptCache: engine.capabilities.promptCache, due, cacheWarm, waited: this.#waited });
    if (decision === 'wait') this.#waited++;
    if (decision !== 'run') return;
    this.#waited = 0;
    if (due.summary) {
      this.summaries.start(this.persona, messages, engine, prompt);
      await this.summaries.idle();
    }
    if (due.facts) await this.memory.extractFacts(engine, this.chat, messages);
    if (due.mood) await this.personaState.update(engine, messages);
  }
}
