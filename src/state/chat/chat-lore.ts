import type { Chat } from '../../core/chat.ts';
import { activateLore, loreSources, type LoreActivation } from '../../core/lore/activation.ts';
import { attachedBooks, type WorldBook } from '../../core/lore/world-book.ts';
import type { Message } from '../../core/message.ts';
import { namesOf, type Persona } from '../../core/persona/index.ts';
import { noteBudgets } from '../../core/prompt/budget.ts';
import type { InsertAt } from '../../core/prompt/layouts.ts';
import { isCovered, type SummaryMemory } from '../../core/summarize/summary-coverage.ts';
import type { AppServices } from '../app/services.ts';
import { Settings } from '../app/settings.ts';

/** What a turn's lore reads from outside: the stored books and the global list, the tokenizer. */
export type LoreServices = Pick<AppServices, 'repo' | 'loadTokenCounter'>;

/**
 * This turn's lore for an open chat: the persona's own entries and the world books attached
 * globally, to the persona and to the chat — read afresh each turn, so a book edited in the book
 * editor or in another tab applies from the next reply on — activated for the chat's messages
 * (core/lore/activation.ts) within the lore budget of the loaded model's window. The probability
 * draws depend on the chat and the user's line being answered, so a regenerated reply gets the
 * same lore. With `insertAt` `newest`, entries for the history ride with the newest turn and stay
 * in the user's line they were sent with; one already in an earlier line still in the prompt (not
 * covered by one of `summaries`) is not sent again.
 */
export async function chatLore(
  services: LoreServices,
  persona: Persona,
  chat: Chat,
  history: readonly Message[],
  turn: { insertAt: InsertAt; contextWindow: number; summaries: readonly SummaryMemory[] },
): Promise<LoreActivation> {
  const { insertAt, contextWindow } = turn;
  const attachments = (await new Settings(services.repo.settings).get('books')) ?? { global: [] };
  const ids = attachedBooks(attachments, persona, chat).map((a) => a.id);
  const books = (await Promise.all(ids.map((id) => services.repo.books.get(id)))).filter((b): b is WorldBook => b !== undefined);
  const shown = history.filter((m) => m.text.trim() !== '');
  const line = history.findLast((m) => m.role === 'user');
  // Earlier lines still sent (not covered by a summary); not the line being answered, whose stored
  // form (from a reply being regenerated) holds this turn's lore.
  const earlier = (history.at(-1)?.role === 'user' ? history.slice(0, -1) : history).filter((m) => !isCovered(m.seq, turn.summaries));
  return activateLore({
    sources: loreSources(persona.lore, ids, books),
    messages: shown.map((m) => m.text),
    seed: `${chat.id}:${line?.seq ?? 0}`,
    names: namesOf(persona),
    counter: await services.loadTokenCounter(),
    budget: noteBudgets(contextWindow).lore,
    contextWindow,
    ...(insertAt === 'newest'
      ? { alreadySent: earlier.flatMap((m) => (m.role === 'user' && m.raw ? [m.raw] : [])).join('\n'), keepSystemPromptStable: true }
      : {}),
  });
}
