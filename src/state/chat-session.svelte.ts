import type { Chat } from '../core/chat.ts';
import type { EgosPrompt } from '../core/conversation/build-egos-prompt.ts';
import { createEgosStrategy } from '../core/conversation/egos-strategy.ts';
import { generateReply } from '../core/conversation/generate-reply.ts';
import type { ReplyStrategy } from '../core/conversation/reply-strategy.ts';
import { addUserMessage } from '../core/conversation/turn-actions.ts';
import { EngineError, StorageError } from '../core/errors/index.ts';
import type { LlmEngine } from '../core/llm-engine.ts';
import type { Message } from '../core/message.ts';
import type { Persona } from '../core/persona.ts';
import type { MessageRepository } from '../core/repository.ts';
import { createLocalChatLocks, type ChatLocks } from '../core/sync/chat-locks.ts';
import { errorText } from './error-text.ts';
import type { AppServices } from './services.ts';
import { PersonaMemory } from './persona-memory.svelte.ts';
import { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import { SummaryKeeper } from './summary-keeper.svelte.ts';

/** Longest reply, in tokens. */
const MAX_REPLY_TOKENS = 320;

/** Shown when another tab holds this chat's lock. */
const BUSY_IN_OTHER_TAB = 'This chat is generating a reply in another tab. Wait for it to finish there (or press Stop in that tab), then send again.';

/** One open chat: its messages, sending, streaming and stopping. */
export class ChatSession {
  readonly chat: Chat;
  readonly persona: Persona;
  messages = $state.raw<Message[]>([]);
  generating = $state(false);
  /** User-facing text of the last failure in this chat. */
  error = $state<string | null>(null);
  /** Set while partial text could not be saved (e.g. storage full); cleared once saved. */
  saveProblem = $state<string | null>(null);
  /** The last prompt sent: its budget plan feeds the context meter and the summarizer. */
  lastPrompt = $state.raw<EgosPrompt | null>(null);
  readonly summaries: SummaryKeeper;
  #services: AppServices;
  #strategy: ReplyStrategy;
  #controller: AbortController | null = null;
  #locks: ChatLocks;
  /** The finished reply whose final save failed (kept in memory until `retrySave` stores it). */
  #unsaved = $state.raw<Message | null>(null);
  /** Long-term memory of the persona: retrieval for each turn, facts after turns. */
  readonly memory: PersonaMemory;
  /** The character's evolving mood and closeness in this chat. */
  readonly personaState: PersonaStateKeeper;
  /** Background memory work (fact extraction, then the mood update) that the next turn waits for. */
  #memoryWork: Promise<void> = Promise.resolve();

  /** `contextWindow` reads the loaded model's window (tokens) at each turn. */
  constructor(services: AppServices, chat: Chat, persona: Persona, contextWindow: () => number) {
    this.#services = services;
    this.chat = chat;
    this.persona = persona;
    this.memory = new PersonaMemory(services, persona);
    this.personaState = new PersonaStateKeeper(services, chat, persona);
    this.summaries = new SummaryKeeper(services, chat, (memory) => this.memory.add(memory));
    this.#locks = services.chatLocks ?? createLocalChatLocks();
    this.#strategy = createEgosStrategy({
      counter: () => services.loadTokenCounter(),
      summaries: async () => this.summaries.all,
      get contextWindow() {
        return contextWindow();
      },
      maxTokens: MAX_REPLY_TOKENS,
      notes: async (_persona, history) => {
        const inPrompt = this.summaries.active;
        const text = [...inPrompt.map((s) => s.text), ...history.map((m) => m.text)].join('\n');
        const notes = await this.memory.notes(chat.id, history, contextWindow(), text, new Set(inPrompt.map((s) => s.id)));
        return [...notes, this.personaState.note()];
      },
      onPrompt: (prompt) => (this.lastPrompt = prompt),
    });
  }

  async load(): Promise<void> {
    this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
    await Promise.all([this.summaries.load(), this.memory.load(), this.personaState.load()]);
  }

  /** True while a finished reply is kept only in memory because saving it failed. */
  get canRetrySave(): boolean {
    return this.#unsaved !== null;
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
    if (!line || this.generating) return false;
    if (!engine) {
      this.error = errorText(new EngineError('not-loaded', 'No model is ready. Open Engine settings to load a model or connect your own server, then send again.'));
      return false;
    }
    if (!(await this.retrySave())) return false;
    this.error = null;
    this.generating = true;
    try {
      const run = await this.#locks.withChatLock(this.chat.id, () => this.#turn(line, engine));
      if (!run.acquired) this.error = errorText(new StorageError('conflict', BUSY_IN_OTHER_TAB));
      return run.acquired;
    } catch (error) {
      this.error = errorText(error);
      return this.messages.some((m) => m.role === 'user' && m.text === line);
    } finally {
      this.generating = false;
    }
  }

  /** Stops the reply being generated; its text so far is kept and marked interrupted. */
  stop(): void {
    this.#controller?.abort();
  }

  /** One turn under the chat's lock: fresh history (another tab may have written), the user's line, the reply. */
  async #turn(line: string, engine: LlmEngine): Promise<void> {
    await this.summaries.idle();
    await this.#memoryWork;
    this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
    const user = await addUserMessage({ ...this.#services.repo, now: this.#services.now }, this.chat, line);
    this.messages = [...this.messages, user];
    await this.#reply(engine);
  }

  /** The message port for one reply: a failed final save keeps the finished reply in memory for `retrySave`. */
  #replyMessages(): MessageRepository {
    const messages = this.#services.repo.messages;
    return {
      ...messages,
      put: async (message) => {
        try {
          await messages.put(message);
        } catch (error) {
          if (message.status !== 'streaming') {
            this.#unsaved = message;
            this.#upsert(message);
          }
          throw error;
        }
      },
    };
  }

  async #reply(engine: LlmEngine): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    const history = this.messages;
    try {
      const outcome = await generateReply(this.chat, this.persona, history, {
        messages: this.#replyMessages(),
        engine,
        strategy: this.#strategy,
        now: this.#services.now,
        signal: controller.signal,
        onUpdate: (m) => this.#upsert(m),
        onSaveError: (e) => (this.saveProblem = errorText(e)),
      });
      this.saveProblem = null;
      if (outcome.error) this.error = outcome.error.message;
      else if (outcome.message.status === 'complete') this.#afterTurn(outcome.message, engine);
    } catch (error) {
      if (!this.#unsaved) throw error;
      this.saveProblem = errorText(error);
    } finally {
      this.#controller = null;
    }
  }

  /** Organize and Summarize after a completed reply: keep its "why", summarize, extract facts, update the mood. */
  #afterTurn(reply: Message, engine: LlmEngine): void {
    const why = this.memory.lastWhy;
    if (why.length > 0) {
      this.#upsert({ ...reply, why });
      this.#services.repo.messages.patch(reply.id, { why }).catch((e: unknown) => (this.saveProblem = errorText(e)));
    }
    this.summaries.start(this.persona, this.messages, engine, this.lastPrompt);
    const messages = this.messages;
    this.#memoryWork = this.summaries
      .idle()
      .then(() => this.memory.afterTurn(engine, this.chat, messages))
      .then(() => this.personaState.afterTurn(engine, messages));
  }

  #upsert(message: Message): void {
    const i = this.messages.findIndex((m) => m.id === message.id);
    this.messages = i < 0 ? [...this.messages, message] : this.messages.with(i, message);
  }
}
