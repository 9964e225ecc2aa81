import type { Chat } from '../../core/chat.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { groupFields } from '../../core/group-chat.ts';
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

  /** Reads the persona's chats: its own and the group chats it is in. */
  async load(): Promise<void> {
    const [own, groups] = await Promise.all([
      this.#services.repo.chats.listByPersona(this.persona.id),
      this.#services.repo.chats.listWithMember(this.persona.id),
    ]);
    const seen = new Set(own.map((c) => c.id));
    this.list = [...own, ...groups.filter((c) => !seen.has(c.id))].sort((a, b) => b.updatedAt - a.updatedAt);
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

  /**
   * Starts a group chat of this list's persona (the host, whose greeting opens it; `host` is it
   * with the user's name filled in) and `others`, in that order.
   * @throws ValidationError when the members are not a valid group (too few, too many, repeated); nothing is stored.
   * @throws StorageError
   */
  async createGroup(others: readonly Persona[], host: Persona = this.persona): Promise<Chat> {
    const fields = groupFields([host.id, ...others.map((p) => p.id)]);
    const names = [host, ...others].map((p) => p.name.trim());
    const title = storedText(this.#services, msg('group.title', { names: names.join(', ') }));
    const { chat } = await startChat({ ...this.#services.repo, now: this.#services.now }, host, title, fields);
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
