import type { Chat } from '../core/chat.ts';
import type { EgosPrompt } from '../core/conversation/build-egos-prompt.ts';
import { createEgosStrategy } from '../core/conversation/egos-strategy.ts';
import { generateReply } from '../core/conversation/generate-reply.ts';
import type { ReplyStrategy } from '../core/conversation/reply-strategy.ts';
import { addUserMessage } from '../core/conversation/turn-actions.ts';
import { EngineError } from '../core/errors/index.ts';
import type { LlmEngine } from '../core/llm-engine.ts';
import type { Message } from '../core/message.ts';
import type { Persona } from '../core/persona.ts';
import { errorText } from './error-text.ts';
import type { AppServices } from './services.ts';
import { SummaryKeeper } from './summary-keeper.svelte.ts';

/** Longest reply, in tokens. */
const MAX_REPLY_TOKENS = 320;

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

  /** `contextWindow` reads the loaded model's window (tokens) at each turn. */
  constructor(services: AppServices, chat: Chat, persona: Persona, contextWindow: () => number) {
    this.#services = services;
    this.chat = chat;
    this.persona = persona;
    this.summaries = new SummaryKeeper(services, chat);
    this.#strategy = createEgosStrategy({
      counter: () => services.loadTokenCounter(),
      summaries: async () => this.summaries.all,
      get contextWindow() {
        return contextWindow();
      },
      maxTokens: MAX_REPLY_TOKENS,
      onPrompt: (prompt) => (this.lastPrompt = prompt),
    });
  }

  async load(): Promise<void> {
    this.messages = await this.#services.repo.messages.listByChat(this.chat.id);
    await this.summaries.load();
  }

  /**
   * Stores the user's line, then streams the reply from `engine`. Returns false (and stores
   * nothing) when no engine is ready, so the caller keeps the draft.
   */
  async send(text: string, engine: LlmEngine | null): Promise<boolean> {
    const line = text.trim();
    if (!line || this.generating) return false;
    if (!engine) {
      this.error = errorText(new EngineError('not-loaded', 'No model is ready. Open Engine settings to load a model or connect your own server, then send again.'));
      return false;
    }
    this.error = null;
    this.generating = true;
    try {
      await this.summaries.idle();
      const user = await addUserMessage({ ...this.#services.repo, now: this.#services.now }, this.chat, line);
      this.messages = [...this.messages, user];
      await this.#reply(engine);
      return true;
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

  async #reply(engine: LlmEngine): Promise<void> {
    const controller = new AbortController();
    this.#controller = controller;
    const history = this.messages;
    try {
      const outcome = await generateReply(this.chat, this.persona, history, {
        messages: this.#services.repo.messages,
        engine,
        strategy: this.#strategy,
        now: this.#services.now,
        signal: controller.signal,
        onUpdate: (m) => this.#upsert(m),
        onSaveError: (e) => (this.saveProblem = errorText(e)),
      });
      this.saveProblem = null;
      if (outcome.error) this.error = outcome.error.message;
      else if (outcome.message.status === 'complete') this.summaries.start(this.persona, this.messages, engine, this.lastPrompt);
    } finally {
      this.#controller = null;
    }
  }

  #upsert(message: Message): void {
    const i = this.messages.findIndex((m) => m.id === message.id);
    this.messages = i < 0 ? [...this.messages, message] : this.messages.with(i, message);
  }
}
