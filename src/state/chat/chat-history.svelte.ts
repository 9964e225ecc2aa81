import type { Chat } from '../../core/chat.ts';
import { selectVariant } from '../../core/conversation/variants.ts';
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
import type { MessageId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import type { ChatLocks } from '../../core/sync/chat-locks.ts';
import { busyInOtherTab, messageGone } from './chat-errors.ts';
import { CHAT_TEXTS } from './chat-texts.ts';
import { errorText } from '../app/error-text.ts';
import type { AppServices } from '../app/services.ts';
import { inUiLanguage } from '../app/ui-language.ts';

/** What the history actions need from the open chat. */
export interface HistoryHost {
  readonly chat: Chat;
  readonly messages: Message[];
  /** True while the chat generates, drafts, or holds an unsaved reply. */
  readonly busy: boolean;
  upsert(message: Message): void;
  /** Re-reads messages, summaries and memories after a removal. */
  load(): Promise<void>;
  /** Resolves once background work on the history (summaries, facts, mood) has finished. */
  settle(): Promise<void>;
}

/** A problem to show the user, or null when the action was done. */
export type Problem = string | null;

/** Edit, delete, swipe between replies and branch: the user's own changes to a chat's history. */
export class ChatHistory {
  /** After a change inside a summarized stretch: says the scene summary may still mention the old text. */
  note = $state<string | null>(null);
  /** The message being edited and its unsaved text (kept here so scrolling it out of view loses nothing). */
  editing = $state.raw<{ id: MessageId; text: string } | null>(null);
  #services: AppServices;
  #host: HistoryHost;
  #locks: ChatLocks;

  constructor(services: AppServices, host: HistoryHost, locks: ChatLocks) {
    this.#services = services;
    this.#host = host;
    this.#locks = locks;
  }

  /** Shows another of a reply's alternatives (swipe). */
  async selectVariant(id: MessageId, index: number): Promise<Problem> {
    return this.#change(id, async (message) => {
      const chosen = selectVariant(message, index, this.#services.now());
      await this.#services.repo.messages.put(chosen);
      this.#host.upsert(chosen);
    });
  }

  /** Opens the editor on a message (closing any other). */
  startEdit(message: Message): void {
    this.editing = { id: message.id, text: message.text };
  }

  /** Keeps the editor's text as the user types. */
  changeEdit(text: string): void {
    if (this.editing) this.editing = { ...this.editing, text };
  }

  /** Closes the editor without saving. */
  cancelEdit(): void {
    this.editing = null;
  }

  /** Saves new text for any message; later messages stay as they are. */
  async edit(id: MessageId, text: string): Promise<Problem> {
    return this.#change(id, async (message) => {
      const edited = editMessageText(message, text, this.#services.now());
      await this.#services.repo.messages.put(edited);
      this.#host.upsert(edited);
      this.#noteSummaries(summariesCovering(await this.#memories(), edited));
    });
  }

  /** Saves new text and removes every later message (with summaries and facts that depend on them). */
  async editAndTruncate(id: MessageId, text: string): Promise<Problem> {
    return this.#change(id, async (message) => {
      const edited = editMessageText(message, text, this.#services.now());
      const removal = planTruncateAfter(this.#host.messages, await this.#memories(), id);
      await this.#services.repo.messages.put(edited);
      await this.#remove(removal);
    });
  }

  /** Deletes one message (the user confirmed). */
  async delete(id: MessageId): Promise<Problem> {
    return this.#change(id, async () => {
      await this.#remove(planDeleteMessage(this.#host.messages, await this.#memories(), id));
    });
  }

  /** Copies the chat up to and including a message into a new chat; returns it, or the problem. */
  async branch(id: MessageId): Promise<{ chat: Chat } | { problem: string }> {
    try {
      const chat = (await this.#services.repo.chats.get(this.#host.chat.id)) ?? this.#host.chat;
      const branch = planBranch({
        chat,
        title: inUiLanguage({ en: `${chat.title} (branch)`, zh: `${chat.title}（分支）` }),
        messages: this.#host.messages,
        memories: await this.#memories(),
        atMessageId: id,
        now: this.#services.now(),
      });
      await saveBranch(this.#services.repo, branch);
      return { chat: branch.chat };
    } catch (error) {
      return { problem: errorText(error) };
    }
  }

  /** Runs a change of one stored message under the chat's lock, not while this tab generates. */
  async #change(id: MessageId, task: (message: Message) => Promise<void>): Promise<Problem> {
    if (this.#host.busy) return inUiLanguage(CHAT_TEXTS.waitForReply);
    try {
      const run = await this.#locks.withChatLock(this.#host.chat.id, async () => {
        await this.#host.settle();
        const message = await this.#services.repo.messages.get(id);
        if (!message || message.chatId !== this.#host.chat.id) throw messageGone();
        this.note = null;
        await task(message);
        if (this.editing?.id === id) this.editing = null;
      });
      return run.acquired ? null : errorText(busyInOtherTab());
    } catch (error) {
      return errorText(error);
    }
  }

  async #remove(removal: HistoryRemoval): Promise<void> {
    await applyRemoval(this.#services.repo, removal);
    await this.#host.load();
    this.#noteSummaries(removal.keptSummaries);
  }

  #noteSummaries(summaries: readonly Memory[]): void {
    this.note = summaries.length > 0 ? inUiLanguage(CHAT_TEXTS.inSummary) : null;
  }

  async #memories(): Promise<Memory[]> {
    return this.#services.repo.memories.listByChat(this.#host.chat.id);
  }
}
