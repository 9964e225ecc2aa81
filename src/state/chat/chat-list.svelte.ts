import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import type { ChatId } from '../../core/ids.ts';
import type { Persona } from '../../core/persona/index.ts';
import { storedText, type AppServices } from '../app/services.ts';
import { msg } from '../../core/i18n/message.ts';
import { ChatSearch } from './chat-search.svelte.ts';

/** The chats of one persona. */
export class ChatList {
  readonly persona: Persona;
  list = $state.raw<Chat[]>([]);
  #services: Pick<AppServices, 'repo' | 'now' | 'storedText'>;

  constructor(services: Pick<AppServices, 'repo' | 'now' | 'storedText'>, persona: Persona) {
    this.#services = services;
    this.persona = persona;
  }

  async load(): Promise<void> {
    this.list = await this.#services.repo.chats.listByPersona(this.persona.id);
  }

  /**
   * Starts a new chat that opens with the persona's greeting; `persona` is this list's persona
   * with the user's name filled in (it replaces `{{user}}` in the greetings). @throws StorageError
   */
  async create(persona: Persona = this.persona): Promise<Chat> {
    const title = storedText(this.#services, msg('chat.title', { number: this.list.length + 1 }));
    const { chat } = await startChat({ ...this.#services.repo, now: this.#services.now }, persona, title);
    this.list = [chat, ...this.list];
    return chat;
  }

  /** A search over the stored messages of every chat in this list (read on its first search). */
  search(): ChatSearch {
    return ChatSearch.ofChats(this.#services.repo, () => this.list);
  }

  /** Deletes a chat with its messages and memories. @throws StorageError */
  async remove(id: ChatId): Promise<void> {
    await this.#services.repo.chats.delete(id);
    this.list = this.list.filter((c) => c.id !== id);
  }
}
