import type { Chat } from '../../core/chat.ts';
import {
  chatExamples,
  TRAINING_DEFAULTS,
  trainingCounter,
  trainingFiles,
  validationChats,
  type TrainingExample,
  type TrainingFile,
  type TrainingOptions,
} from '../../core/chat-files/training-data.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import type { ChatId } from '../../core/ids.ts';
import type { Persona } from '../../core/persona/index.ts';
import { isGroupChat } from '../../core/group-chat.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';

/** A persona with its chats, as the chooser lists them. */
export interface TrainingSource {
  persona: Persona;
  chats: Chat[];
}

/** Lets the page draw between chats. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * The training-data export on the Data page: which chats (by persona), the options, and the
 * files built from them (see `core/chat-files/training-data.ts`). Prompts are built with the real
 * Qwen tokenizer, chat by chat with progress.
 */
export class TrainingExport {
  options = $state<TrainingOptions>({ ...TRAINING_DEFAULTS });
  sources = $state.raw<TrainingSource[]>([]);
  /** The chats chosen. */
  chosen = $state.raw<ReadonlySet<ChatId>>(new Set());
  progress = $state.raw<{ done: number; total: number } | null>(null);
  /** What the last export made, or why it made nothing. */
  result = $state.raw<Message | null>(null);
  error = $state.raw<Message | null>(null);
  #services: Pick<AppServices, 'repo' | 'loadTokenCounter'>;
  #personas: () => readonly Persona[];
  #personaFor: (persona: Persona, chat: Chat) => Persona;

  /** `personaFor(persona, chat)`: the persona with the user's name in that chat filled in. */
  constructor(
    services: Pick<AppServices, 'repo' | 'loadTokenCounter'>,
    personas: () => readonly Persona[],
    personaFor: (persona: Persona, chat: Chat) => Persona,
  ) {
    this.#services = services;
    this.#personas = personas;
    this.#personaFor = personaFor;
  }

  get busy(): boolean {
    return this.progress !== null;
  }

  /** Lists every persona's chats (newest first); what was chosen before stays chosen while it exists. */
  async load(): Promise<void> {
    try {
      const sources = await Promise.all(
        this.#personas().map(async (persona) => ({ persona, chats: await this.#services.repo.chats.listByPersona(persona.id) })),
      );
      this.sources = sources.filter((s) => s.chats.length > 0);
      const ids = new Set(this.sources.flatMap((s) => s.chats.map((c) => c.id)));
      this.chosen = new Set([...this.chosen].filter((id) => ids.has(id)));
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Chooses or drops one chat. */
  toggleChat(id: ChatId, on: boolean): void {
    const next = new Set(this.chosen);
    if (on) next.add(id);
    else next.delete(id);
    this.chosen = next;
  }

  /** Chooses or drops every chat of a persona. */
  togglePersona(source: TrainingSource, on: boolean): void {
    const next = new Set(this.chosen);
    for (const chat of source.chats) {
      if (on) next.add(chat.id);
      else next.delete(chat.id);
    }
    this.chosen = next;
  }

  /** True when every chat of the persona is chosen. */
  allChosen(source: TrainingSource): boolean {
    return source.chats.length > 0 && source.chats.every((c) => this.chosen.has(c.id));
  }

  /** Builds the files of the chosen chats; null with `result` or `error` saying why there are none. */
  async build(): Promise<TrainingFile[] | null> {
    if (this.busy) return null;
    this.result = null;
    this.error = null;
    const options = $state.snapshot(this.options);
    const chats = this.sources.flatMap((s) => s.chats.filter((c) => this.chosen.has(c.id)).map((chat) => ({ chat, persona: s.persona })));
    if (chats.length === 0) {
      this.error = msg('training.noneChosen');
      return null;
    }
    this.progress = { done: 0, total: chats.length };
    try {
      if (!(options.validationShare >= 0 && options.validationShare <= 0.5)) throw new ValidationError('invalid', msg('training.error.share'));
      const counter = trainingCounter(await this.#services.loadTokenCounter());
      const validation = validationChats(
        chats.map((c) => c.chat.id),
        options.validationShare,
        options.seed,
      );
      const train: TrainingExample[] = [];
      const held: TrainingExample[] = [];
      let skipped = 0;
      for (const [i, { chat, persona }] of chats.entries()) {
        const [messages, memories] = await Promise.all([this.#services.repo.messages.listByChat(chat.id), this.#services.repo.memories.listByChat(chat.id)]);
        // A group chat's characters: every persona (the members, and earlier speakers that still exist).
        const cast = isGroupChat(chat) ? this.#personas().map((p) => this.#personaFor(p, chat)) : undefined;
        const made = chatExamples({ chat, persona: this.#personaFor(persona, chat), messages, memories, ...(cast ? { cast } : {}) }, options, counter);
        (validation.has(chat.id) ? held : train).push(...made.examples);
        skipped += made.skipped;
        this.progress = { done: i + 1, total: chats.length };
        await pause();
      }
      if (train.length + held.length === 0) {
        this.result = msg('training.nothing');
        return null;
      }
      this.result = msg('training.result', { train: train.length, validation: held.length, chats: chats.length, skipped });
      return trainingFiles(train, held, options.format, 'egos-training');
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    } finally {
      this.progress = null;
    }
  }
}
