import type { Chat } from '../../core/chat.ts';
import type { ChatFile, ChatFileFormat, ChatRecord } from '../../core/chat-files/chat-export.ts';
import type { Message } from '../../core/i18n/message.ts';
import { userDisplayName, type Persona } from '../../core/persona/index.ts';
import type { AppServices } from '../app/services.ts';
import { errorMessage } from '../app/error-message.ts';

/** The file writers, loaded on first use (kept out of the initial download). */
const loadWriters = async () => ({ ...(await import('../../core/chat-files/chat-export.ts')), ...(await import('../../core/chat-files/sillytavern-chat.ts')) });

/**
 * Chat export: one chat, or every chat of a persona, as files. SillyTavern files are one per chat
 * (SillyTavern keeps one chat per file, so each opens there as it is); Markdown and plain text put
 * every chat in one document, which reads better than a pile of files.
 */
export class ChatExport {
  /** The last failure, or null. */
  error = $state.raw<Message | null>(null);
  busy = $state(false);
  #services: Pick<AppServices, 'repo'>;
  #personaFor: (chat: Chat) => Persona;
  #castFor: (chat: Chat) => readonly Persona[];

  /**
   * `personaFor(chat)`: the chat's persona with the user's name for that chat filled in;
   * `castFor(chat)`: a group chat's characters (every persona that may have spoken in it), [] for a one-to-one chat.
   */
  constructor(services: Pick<AppServices, 'repo'>, personaFor: (chat: Chat) => Persona, castFor: (chat: Chat) => readonly Persona[] = () => []) {
    this.#services = services;
    this.#personaFor = personaFor;
    this.#castFor = castFor;
  }

  /** The files for `chats` (oldest chat first) in `format`, or null with `error` set. */
  async files(chats: readonly Chat[], format: ChatFileFormat): Promise<ChatFile[] | null> {
    this.busy = true;
    this.error = null;
    try {
      const { CHAT_FILE_MIME, chatFileName, toMarkdown, toPlainText, toSillyTavernJsonl } = await loadWriters();
      const ordered = [...chats].sort((a, b) => a.createdAt - b.createdAt);
      const records = await Promise.all(ordered.map((chat) => this.#record(chat)));
      if (format === 'jsonl') {
        return records.map((r) => ({
          fileName: chatFileName(r.characterName, r.chat.title, 'jsonl'),
          mime: CHAT_FILE_MIME.jsonl,
          text: toSillyTavernJsonl(r),
        }));
      }
      const first = records[0];
      const title = records.length === 1 && first ? first.chat.title : '';
      const name = first?.characterName ?? '';
      const text = format === 'md' ? toMarkdown(records) : toPlainText(records);
      return [{ fileName: chatFileName(name, title, format), mime: CHAT_FILE_MIME[format], text }];
    } catch (error) {
      this.error = errorMessage(error);
      return null;
    } finally {
      this.busy = false;
    }
  }

  async #record(chat: Chat): Promise<ChatRecord> {
    const persona = this.#personaFor(chat);
    const messages = await this.#services.repo.messages.listByChat(chat.id);
    const cast = this.#castFor(chat);
    const speakerNames = cast.length > 0 ? new Map(cast.map((p) => [p.id as string, p.name.trim()])) : undefined;
    return { chat, messages, characterName: persona.name.trim(), userName: userDisplayName(persona), ...(speakerNames ? { speakerNames } : {}) };
  }
}
