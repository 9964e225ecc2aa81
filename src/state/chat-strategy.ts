import type { Chat } from '../core/chat.ts';
import type { EgosPrompt } from '../core/conversation/build-egos-prompt.ts';
import { createEgosStrategy } from '../core/conversation/egos-strategy.ts';
import type { ReplyStrategy } from '../core/conversation/reply-strategy.ts';
import type { PersonaMemory } from './persona-memory.svelte.ts';
import type { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import type { AppServices } from './services.ts';
import type { SummaryKeeper } from './summary-keeper.svelte.ts';

/** Longest reply, in tokens. */
const MAX_REPLY_TOKENS = 320;

/** What one chat's prompts are built from. */
export interface ChatStrategyParts {
  summaries: SummaryKeeper;
  memory: PersonaMemory;
  personaState: PersonaStateKeeper;
  /** The loaded model's window (tokens), read at each turn. */
  contextWindow: () => number;
  /** Hears of every prompt built (for the context meter and the summarizer). */
  onPrompt: (prompt: EgosPrompt) => void;
}

/**
 * The EGOS strategy of one open chat: the scene summaries in force, and as this turn's notes
 * the memories retrieved for it (not those already in a summary) and the character's mood.
 */
export function chatStrategy(services: AppServices, chat: Chat, parts: ChatStrategyParts): ReplyStrategy {
  const { summaries, memory, personaState, contextWindow } = parts;
  return createEgosStrategy({
    counter: () => services.loadTokenCounter(),
    summaries: async () => summaries.all,
    get contextWindow() {
      return contextWindow();
    },
    maxTokens: MAX_REPLY_TOKENS,
    notes: async (_persona, history) => {
      const inPrompt = summaries.active;
      const text = [...inPrompt.map((s) => s.text), ...history.map((m) => m.text)].join('\n');
      const notes = await memory.notes(chat.id, history, contextWindow(), text, new Set(inPrompt.map((s) => s.id)));
      return [...notes, personaState.note()];
    },
    onPrompt: parts.onPrompt,
  });
}
