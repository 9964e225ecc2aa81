/**
 * A chat as files a person can keep or read elsewhere: what an export is made of
 * ({@link ChatRecord}), the file names, and the two readable forms — Markdown and plain text —
 * with the speakers' names, in order (in a group chat, each character message under its speaker's). The SillyTavern form is in `sillytavern-chat.ts`.
 *
 * The readable forms show what the chat shows: each message's active text (for a reply with
 * alternatives, the chosen one, marked `2/3`), failed replies without text left out. They carry
 * no sentences of the interface, only names, times and the messages, so they read the same in
 * any language.
 */
import type { Chat } from '../chat.ts';
import { speakerName, type CastNames } from '../group-chat.ts';
import type { Message } from '../message.ts';
import { activeVariantIndex, variantsOf } from '../conversation/variants.ts';

/** One chat to export: the chat, its messages oldest first, and the names the chat shows. */
export interface ChatRecord {
  chat: Chat;
  messages: readonly Message[];
  /** The character's name (a group chat's host). */
  characterName: string;
  /** The name the user goes by in this chat. */
  userName: string;
  /**
   * A group chat's characters by persona id (members and earlier speakers): each character
   * message goes under its speaker's name (`characterName` when it names none, or one not here).
   */
  speakerNames?: CastNames;
}

/** The three forms a chat downloads as. */
export type ChatFileFormat = 'jsonl' | 'md' | 'txt';

/** A file ready to download. */
export interface ChatFile {
  fileName: string;
  mime: string;
  text: string;
}

/** The MIME type of each form. */
export const CHAT_FILE_MIME: Record<ChatFileFormat, string> = {
  jsonl: 'application/jsonl',
  md: 'text/markdown',
  txt: 'text/plain',
};

/** A name part: letters (any script), digits, spaces and dashes, at most 60 characters. */
function namePart(text: string): string {
  return text
    .replace(/[^\p{L}\p{N} _-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60)
    .trim();
}

/** `Maren - Chat 1.jsonl`: the character's name and the chat's title (or `chat` when both are empty). */
export function chatFileName(characterName: string, title: string, extension: string): string {
  const stem = [namePart(characterName), namePart(title)].filter((p) => p !== '').join(' - ');
  return `${stem || 'chat'}.${extension}`;
}

/** True for a message the chat shows with text (a failed reply without any is left out of every export). */
export function hasText(message: Message): boolean {
  return variantsOf(message).some((v) => v.text.trim() !== '');
}

/** `2024-05-01 14:03` in the device's time zone. */
export function localTime(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Who said a message, by the name the chat shows: the user, or the character (in a group chat, its speaker). */
export function speakerLabel(record: ChatRecord, message: Message): string {
  return message.role === 'user' ? record.userName : speakerName(message, record.characterName, record.speakerNames);
}

/** `2/3` for a reply showing its second of three alternatives; '' for a message with one. */
function position(message: Message): string {
  const count = variantsOf(message).length;
  return count > 1 ? `${activeVariantIndex(message) + 1}/${count}` : '';
}

/** Characters Markdown would read as formatting in a speaker's name. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#]/g, (c) => `\\${c}`);
}

/** One chat as Markdown: its title as a heading, then each message under its speaker's name and time. */
function chatMarkdown(record: ChatRecord): string {
  const parts = [`# ${escapeMarkdown(record.chat.title)}`];
  for (const m of record.messages) {
    if (!hasText(m)) continue;
    const meta = [localTime(m.createdAt), position(m)].filter((x) => x !== '').join(' · ');
    parts.push(`**${escapeMarkdown(speakerLabel(record, m))}** · ${meta}\n\n${m.text.trim()}`);
  }
  return parts.join('\n\n');
}

/** One chat as plain text: its title, then `Name: text` per message, a blank line between messages. */
function chatText(record: ChatRecord): string {
  const lines = [record.chat.title, '='.repeat(Math.max(3, [...record.chat.title].length))];
  const body = record.messages.filter(hasText).map((m) => `${speakerLabel(record, m)}: ${m.text.trim()}`);
  return [lines.join('\n'), ...body].join('\n\n');
}

/** Chats as one Markdown document, separated by rules. */
export function toMarkdown(records: readonly ChatRecord[]): string {
  return `${records.map(chatMarkdown).join('\n\n---\n\n')}\n`;
}

/** Chats as one plain-text file. */
export function toPlainText(records: readonly ChatRecord[]): string {
  return `${records.map(chatText).join('\n\n\n')}\n`;
}
