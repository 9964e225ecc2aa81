import type { Chat } from '../../core/chat.ts';
import type { ReplyStrategy } from '../../core/conversation/reply-strategy.ts';
import { authorsNoteOf } from '../../core/prompt/authors-note.ts';
import { isGroupChat } from '../../core/group-chat.ts';
import type { PromptSource } from '../../core/message.ts';
import { applyStyleOverride, readStyle, styleCorrections, type Persona } from '../../core/persona/index.ts';
import { createPromptStrategy, replyFormOf, type BuiltPrompt, type GroupInput } from '../../core/prompt/build.ts';
import { whyFromStyle } from '../../core/prompt/notes.ts';
import { isCovered } from '../../core/summarize/summary-coverage.ts';
import { chatLore } from './chat-lore.ts';
import type { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import type { PersonaStateKeeper } from './persona-state-keeper.svelte.ts';
import type { AppServices } from '../app/services.ts';
import type { SummaryKeeper } from './summary-keeper.svelte.ts';

/** Longest reply, in tokens. */
const MAX_REPLY_TOKENS = 320;

/** What one chat's prompts are built from. */
export interface ChatStrategyParts {
  summaries: SummaryKeeper;
  /** The memory of the character speaking (a group chat: each its own). */
  memoryFor: (persona: Persona) => Promise<PersonaMemory>;
  personaState: PersonaStateKeeper;
  /** A group chat's characters (undefined for a one-to-one chat). */
  group: () => GroupInput | undefined;
  /** The loaded model's window (tokens), read at each turn. */
  contextWindow: () => number;
  /** The chat as stored now (its reply form may change while it is open). */
  chat: () => Chat;
  /** Hears of every prompt built (for the context meter and the summarizer). */
  onPrompt: (prompt: BuiltPrompt) => void;
  /** Hears, for every reply prompt, the "why" entries of the style corrections it carries (none: []). */
  onStyleWhy: (why: PromptSource[]) => void;
}

/**
 * The prompt strategy of one open chat: the chat's reply form, the scene summaries in force, the
 * character's mood (in the system prompt), the lore that fires this turn (placed where each entry
 * says), the author's note in force, and as this turn's notes the memories retrieved for it —
 * none that the prompt already holds (a summary, lore that fired, or an earlier turn's notes),
 * then, for a reply, a reminder of each style control the character's recent replies drifted from
 * (core/persona/style-drift.ts; never in the system prompt, so it costs no cache reuse).
 * The chat's own style values (`Chat.style`) go on top of each character's style, so the system
 * prompt's style section follows them; it changes only when they change.
 * In a group chat the character speaking brings its own reply form, lore and memories; the chat
 * has no mood (each character would need its own, in the shared system prompt).
 */
export function chatStrategy(services: Pick<AppServices, 'loadTokenCounter' | 'repo'>, parts: ChatStrategyParts): ReplyStrategy {
  const { summaries, personaState, contextWindow } = parts;
  const formOf = (persona: Persona) => (isGroupChat(parts.chat()) ? replyFormOf(persona) : replyFormOf(persona, parts.chat().replyForm));
  const styled = (persona: Persona): Persona => {
    const own = parts.chat().style;
    return own ? { ...persona, style: applyStyleOverride(persona.style, own) } : persona;
  };
  const prompts = createPromptStrategy({
    counter: () => services.loadTokenCounter(),
    summaries: async () => summaries.all,
    form: formOf,
    group: () => {
      const group = parts.group();
      return group && { members: group.members.map((m) => ({ ...m, persona: styled(m.persona) })) };
    },
    get contextWindow() {
      return contextWindow();
    },
    maxTokens: MAX_REPLY_TOKENS,
    state: () => (isGroupChat(parts.chat()) ? undefined : personaState.state),
    lore: (persona, history, insertAt) =>
      chatLore(services, persona, parts.chat(), history, { insertAt, contextWindow: contextWindow(), summaries: summaries.active }),
    authorsNote: (persona) => authorsNoteOf(parts.chat(), persona),
    notes: async (persona, history, examplesInPrompt, lore, task) => {
      const inPrompt = summaries.active;
      // Earlier user lines went out with their notes (and are resent so): nothing is noted twice.
      // Turns a summary stands for are not in the prompt: what they said may come back (a kept reply as an example).
      const promptText = [
        ...inPrompt.map((s) => s.text),
        ...history.filter((m) => !isCovered(m.seq, inPrompt)).map((m) => (m.role === 'user' && m.raw ? m.raw : m.text)),
        ...(lore?.placed ?? []).map((l) => l.text),
      ].join('\n');
      const memory = await parts.memoryFor(persona);
      const notes = await memory.notes(parts.chat().id, history, {
        contextWindow: contextWindow(),
        promptText,
        excludeIds: new Set(inPrompt.map((s) => s.id)),
        form: formOf(persona),
        examplesInPrompt,
        host: parts.chat().personaId,
      });
      if (task !== 'reply') return notes;
      const corrections = styleCorrections(readStyle(persona, parts.chat(), history), persona.language);
      parts.onStyleWhy(whyFromStyle(corrections));
      return [...notes, ...corrections.map((c) => c.note)];
    },
    onPrompt: parts.onPrompt,
  });
  return {
    prepare: (persona, history, engine) => prompts.prepare(styled(persona), history, engine),
    prepareContinue: (persona, history, engine) => prompts.prepareContinue(styled(persona), history, engine),
    prepareImpersonate: (persona, history, engine) => prompts.prepareImpersonate(styled(persona), history, engine),
  };
}
