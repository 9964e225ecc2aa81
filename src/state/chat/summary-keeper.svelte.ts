import type { CastNames } from '../../core/group-chat.ts';
import type { Chat } from '../../core/chat.ts';
import type { BuiltPrompt } from '../../core/prompt/build.ts';
import { summarizeChat, summaryDue } from '../../core/conversation/summarize-chat.ts';
import type { LlmEngine } from '../../core/llm-engine.ts';
import type { Memory } from '../../core/memory/memory.ts';
import type { Message } from '../../core/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import { editSummary } from '../../core/summarize/edit-summary.ts';
import type { SummarizeProgress } from '../../core/summarize/summarize-next.ts';
import { activeSummaries, type SummaryMemory } from '../../core/summarize/summary-coverage.ts';
import { NO_SUMMARY_FAILURES, type SummaryRetryState } from '../../core/summarize/summary-retry.ts';
import { msg, type Message as Said } from '../../core/i18n/message.ts';
import { errorMessage } from '../app/error-message.ts';
import type { AppServices } from '../app/services.ts';

/** The scene summaries of one chat: shown as markers, editable, kept up to date after each turn. */
export class SummaryKeeper {
  /** Every summary memory of the chat (all levels). */
  all = $state.raw<Memory[]>([]);
  /** Progress while a summary is being written, else null. */
  progress = $state.raw<SummarizeProgress | null>(null);
  /** What the user is told about the last failed summary (the raw turns are kept). */
  error = $state.raw<Said | null>(null);
  #services: Pick<AppServices, 'repo' | 'now' | 'loadTokenCounter'>;
  #chat: Chat;
  #retry: SummaryRetryState = NO_SUMMARY_FAILURES;
  #running: Promise<void> | null = null;
  #onSaved: (memory: Memory) => void;
  /** Summaries the user edited while a pass ran: a merge of their old text must not hide the edit. */
  #editedDuringRun = new Set<string>();

  /** `onSaved` hears of every new summary (e.g. to index it for retrieval). */
  constructor(services: Pick<AppServices, 'repo' | 'now' | 'loadTokenCounter'>, chat: Chat, onSaved: (memory: Memory) => void = () => {}) {
    this.#services = services;
    this.#chat = chat;
    this.#onSaved = onSaved;
  }

  /** Summaries in force (not covered by a higher-level one), oldest first. */
  readonly active: SummaryMemory[] = $derived(activeSummaries(this.all));

  async load(): Promise<void> {
    const memories = await this.#services.repo.memories.listByChat(this.#chat.id);
    this.all = memories.filter((m) => m.kind === 'summary');
  }

  /** Resolves when no summarization is running. */
  async idle(): Promise<void> {
    await this.#running;
  }

  /** True when a Summarize pass would make a summary now (the turns overflow the last prompt's budget). */
  async due(messages: readonly Message[], lastPrompt: BuiltPrompt | null): Promise<boolean> {
    if (this.#running || !lastPrompt) return false;
    const counter = await this.#services.loadTokenCounter();
    return summaryDue({
      messages,
      summaries: this.all,
      counter,
      budgetTokens: lastPrompt.historyBudget,
      measureTurn: (m) => lastPrompt.turnCost.get(m.seq) ?? counter.count(m.text) + 8,
      retry: this.#retry,
    });
  }

  /** Starts a Summarize pass in the background (the user can keep reading); a group chat passes its `cast` (each character's turns under its name). */
  start(persona: Persona, messages: Message[], engine: LlmEngine, lastPrompt: BuiltPrompt | null, cast?: CastNames): void {
    if (this.#running || !lastPrompt) return;
    this.#running = this.#run(persona, messages, engine, lastPrompt, cast).finally(() => {
      this.#running = null;
      this.progress = null;
    });
  }

  /** Saves a user edit of a summary's text; returns the problem to show, or null when saved. */
  async edit(memory: Memory, text: string): Promise<Said | null> {
    try {
      const edited = editSummary(memory, text, this.#services.now());
      await this.#services.repo.memories.put(edited);
      if (this.#running) this.#editedDuringRun.add(edited.id);
      this.all = this.all.map((m) => (m.id === edited.id ? edited : m));
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  async #run(persona: Persona, messages: Message[], engine: LlmEngine, prompt: BuiltPrompt, cast: CastNames | undefined): Promise<void> {
    this.#editedDuringRun.clear();
    try {
      const counter = await this.#services.loadTokenCounter();
      const result = await summarizeChat({
        chat: this.#chat,
        persona,
        ...(cast ? { cast } : {}),
        messages,
        summaries: this.all,
        engine,
        counter,
        budgetTokens: prompt.historyBudget,
        measureTurn: (m) => prompt.turnCost.get(m.seq) ?? counter.count(m.text) + 8,
        retry: this.#retry,
        save: async (memory) => {
          await this.#services.repo.memories.put(memory);
          this.all = [...this.all, memory];
          this.#onSaved(memory);
        },
        isStale: (memory) =>
          coversAny(
            memory,
            this.all.filter((m) => this.#editedDuringRun.has(m.id)),
          ),
        onProgress: (p) => (this.progress = p),
        now: this.#services.now,
      });
      this.#retry = result.retry;
      this.error = result.error ? msg('chat.summaryFailed', { detail: errorMessage(result.error) }) : null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }
}

/** True when `memory`'s range spans one of `others` (so it was built from them). */
function coversAny(memory: Memory, others: readonly Memory[]): boolean {
  const range = memory.range;
  if (!range) return false;
  return others.some((m) => m.range !== undefined && range.fromSeq <= m.range.fromSeq && m.range.toSeq <= range.toSeq);
}
