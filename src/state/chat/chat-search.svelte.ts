import { searchChats, SearchIndex, type SearchableChat, type SearchResults } from '../../core/chat-search.ts';
import type { Chat } from '../../core/chat.ts';
import type { MessageId } from '../../core/ids.ts';
import type { Message } from '../../core/i18n/message.ts';
import type { Repository } from '../../core/repository.ts';
import { errorMessage } from '../app/error-message.ts';

/** A message to show: scrolled into view, with `find` highlighted in it. */
export interface ChatTarget {
  messageId: MessageId;
  find: string;
}

/**
 * Search over chats: the open chat (its messages as held) or every chat of a persona (their
 * stored messages, read once on the first search). Runs on each change of the query; the
 * folded texts are kept between searches, so typing costs a fraction of the first search.
 */
export class ChatSearch {
  query = $state('');
  results = $state.raw<SearchResults | null>(null);
  /** True while the chats are being read (persona-wide, the first search). */
  loading = $state(false);
  /** Why the chats could not be read. */
  error = $state.raw<Message | null>(null);
  #read: () => Promise<readonly SearchableChat[]>;
  #keep: boolean;
  #chats: Promise<readonly SearchableChat[]> | null = null;
  #index = new SearchIndex();

  /** `read` gives the chats to search; with `keep`, it is called once and its answer reused. */
  constructor(read: () => Promise<readonly SearchableChat[]>, options: { keep?: boolean } = {}) {
    this.#read = read;
    this.#keep = options.keep ?? false;
  }

  /** The open chat, read anew at each search (it changes as the chat goes on). */
  static ofChat(current: () => SearchableChat): ChatSearch {
    return new ChatSearch(async () => [current()]);
  }

  /** Every chat of a persona, newest first, from storage (read on the first search, then kept). */
  static ofChats(repo: Pick<Repository, 'messages'>, chats: () => readonly Chat[]): ChatSearch {
    return new ChatSearch(async () => Promise.all(chats().map(async (chat) => ({ chat, messages: await repo.messages.listByChat(chat.id) }))), { keep: true });
  }

  /** Searches for `query` (an empty one clears the results). A search overtaken by a newer one is dropped. */
  async run(query: string): Promise<void> {
    this.query = query;
    this.error = null;
    if (query.trim() === '') {
      this.results = null;
      return;
    }
    try {
      const chats = await this.#source();
      if (this.query !== query) return;
      this.results = searchChats(chats, query, { index: this.#index });
    } catch (error) {
      this.#chats = null;
      this.error = errorMessage(error);
    }
  }

  /** Forgets the query and its results (the chats read stay, for a search reopened). */
  clear(): void {
    this.query = '';
    this.results = null;
    this.error = null;
  }

  async #source(): Promise<readonly SearchableChat[]> {
    if (!this.#keep) return this.#read();
    if (!this.#chats) {
      this.loading = true;
      this.#chats = this.#read().finally(() => (this.loading = false));
    }
    return this.#chats;
  }
}
