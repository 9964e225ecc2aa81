import type { Chat } from '../chat.ts';
import { isGroupChat } from '../group-chat.ts';
import { msg } from '../i18n/message.ts';
import type { BackupData } from './backup-format.ts';
import { damaged } from './json-check.ts';

/**
 * True when a memory of `personaId` may belong to `chat`: a one-to-one chat's memories are its
 * persona's; a group chat's may be any character's (its members', or one that left it and kept
 * what it remembered).
 */
export function mayHoldMemoryOf(chat: Pick<Chat, 'personaId' | 'members'>, personaId: string): boolean {
  return isGroupChat(chat) || chat.personaId === personaId;
}

/**
 * Checks that every chat, message, memory and evaluation run belongs to a persona (and chat)
 * in the same backup, so a restore never creates records that belong to nothing; and that a
 * group chat's members are personas in it, each once, its persona (the host) first.
 * @throws ValidationError naming the first record whose owner is missing.
 */
export function checkReferences(data: BackupData): void {
  const personas = new Set<string>(data.personas.map((p) => p.id));
  const chats = new Map<string, Chat>(data.chats.map((c) => [c.id, c]));
  data.chats.forEach((c, i) => {
    if (!personas.has(c.personaId)) throw damaged(`chats[${i}].personaId`, msg('backup.expected.personaRef'));
    const members = c.members ?? [];
    members.forEach((m, j) => {
      if (!personas.has(m.personaId)) throw damaged(`chats[${i}].members[${j}].personaId`, msg('backup.expected.personaRef'));
    });
    const ids = members.map((m) => m.personaId);
    if (ids.length > 0 && (ids[0] !== c.personaId || new Set(ids).size !== ids.length)) throw damaged(`chats[${i}].members`, msg('backup.expected.members'));
  });
  data.messages.forEach((m, i) => {
    if (!chats.has(m.chatId)) throw damaged(`messages[${i}].chatId`, msg('backup.expected.chatRef'));
  });
  data.memories.forEach((m, i) => {
    if (!personas.has(m.personaId)) throw damaged(`memories[${i}].personaId`, msg('backup.expected.personaRef'));
    const chat = m.chatId === undefined ? undefined : chats.get(m.chatId);
    if (m.chatId !== undefined && (!chat || !mayHoldMemoryOf(chat, m.personaId))) {
      throw damaged(`memories[${i}].chatId`, msg('backup.expected.samePersonaChatRef'));
    }
  });
  data.evalRuns.forEach((r, i) => {
    if (!personas.has(r.personaId)) throw damaged(`evalRuns[${i}].personaId`, msg('backup.expected.personaRef'));
  });
}
