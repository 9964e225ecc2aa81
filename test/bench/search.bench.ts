/**
 * Chat search benchmark (issue 14): finding text in one 5,000-message chat and across a
 * persona's chats (10 × 5,000 messages), over the messages as stored (not the page). Mixed
 * English and Chinese lines of 40–400 characters, some with `…` and full-width letters (the
 * slower folding path). "First search" folds every message (what the first keystroke costs);
 * later searches reuse the folded texts (the SearchIndex), as typing does. Wall ms, process CPU
 * ms in brackets. Loading the messages from IndexedDB is not included (the open chat holds them
 * already; a persona-wide search loads them once when its box is first used).
 */
import type { Chat } from '../../src/core/chat.ts';
import { searchChats, SearchIndex, type SearchableChat } from '../../src/core/chat-search.ts';
import type { ChatId, MessageId, PersonaId } from '../../src/core/ids.ts';
import type { Message } from '../../src/core/message.ts';
import { TextGenerator } from './retrieval-data.ts';
import { p50p95, timed, timeEach, wallCpu } from './retrieval-stats.ts';

export const name = 'search: find text in a 5,000-message chat and across a persona’s chats';

const PER_CHAT = 5_000;
const RUNS = 40;

function makeChat(index: number, gen: TextGenerator): SearchableChat {
  const chat: Chat = { id: `chat-${index}` as ChatId, personaId: 'p' as PersonaId, title: `Chat ${index + 1}`, createdAt: 0, updatedAt: 0 };
  const messages = Array.from({ length: PER_CHAT }, (_, seq): Message => {
    const zh = gen.random() < 0.5;
    let text = gen.text(40 + Math.floor(gen.random() * 360), zh);
    if (gen.random() < 0.1) text = `${text} …`;
    if (gen.random() < 0.05) text = `ＥＮＧＩＮＥ ${text}`;
    if (index === 0 && seq === 3) text = `The orrery hums near the top of the chat. ${text}`;
    return {
      id: `${chat.id}-${seq}` as MessageId,
      chatId: chat.id,
      seq,
      role: seq % 2 ? 'user' : 'assistant',
      text,
      status: 'complete',
      createdAt: seq,
      updatedAt: seq,
    };
  });
  return { chat, messages };
}

const QUERIES: [string, string][] = [
  ['rare word (1 hit)', 'orrery'],
  ['common word', 'the'],
  ['single letter (most messages)', 'e'],
  ['Chinese, two characters', '秘密'],
  ['full-width query', 'ＥＮＧＩＮＥ'],
  ['absent', 'xylophone-quartz'],
];

function row(label: string, chats: readonly SearchableChat[]): void {
  const cold = timed(() => searchChats(chats, 'orrery', { index: new SearchIndex() }));
  console.log(`| ${label} | first search (folds every message) | ${wallCpu(cold)} | | ${cold.value.total} |`);
  const index = new SearchIndex();
  searchChats(chats, 'warm-up', { index });
  for (const [what, query] of QUERIES) {
    const results = searchChats(chats, query, { index });
    const times = timeEach(
      Array.from({ length: RUNS }, () => query),
      (q) => searchChats(chats, q, { index }),
      3,
    );
    console.log(`| ${label} | ${what}: "${query}" | | ${p50p95(times)} | ${results.total} (${results.hits.length} listed) |`);
  }
}

export default async function run(): Promise<void> {
  const gen = new TextGenerator(14);
  const chats = Array.from({ length: 10 }, (_, i) => makeChat(i, gen));
  const chars = chats[0]!.messages.reduce((n, m) => n + m.text.length, 0);
  console.log(`One chat: ${PER_CHAT.toLocaleString('en')} messages, ${(chars / 1e6).toFixed(2)} M characters; persona: 10 such chats.\n`);
  console.log('| scope | search | once, ms wall (CPU) | p50 / p95 ms (CPU p50) | messages found |');
  console.log('| --- | --- | ---: | ---: | ---: |');
  row('one chat, 5,000 messages', chats.slice(0, 1));
  row('persona, 10 chats, 50,000 messages', chats);
  await Promise.resolve();
}
