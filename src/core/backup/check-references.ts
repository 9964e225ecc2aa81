import { msg } from '../i18n/message.ts';
import type { BackupData } from './backup-format.ts';
import { damaged } from './json-check.ts';

/**
 * Checks that every chat, message, memory and evaluation run belongs to a persona (and chat)
 * in the same backup, so a restore never creates records that belong to nothing.
 * @throws ValidationError naming the first record whose owner is missing.
 */
export function checkReferences(data: BackupData): void {
  const personas = new Set<string>(data.personas.map((p) => p.id));
  const chatOwner = new Map<string, string>(data.chats.map((c) => [c.id, c.personaId]));
  data.chats.forEach((c, i) => {
    if (!personas.has(c.personaId)) throw damaged(`chats[${i}].personaId`, msg('backup.expected.personaRef'));
  });
  data.messages.forEach((m, i) => {
    if (!chatOwner.has(m.chatId)) throw damaged(`messages[${i}].chatId`, msg('backup.expected.chatRef'));
  });
  data.memories.forEach((m, i) => {
    if (!personas.has(m.personaId)) throw damaged(`memories[${i}].personaId`, msg('backup.expected.personaRef'));
    if (m.chatId !== undefined && chatOwner.get(m.chatId) !== m.personaId) {
      throw damaged(`memories[${i}].chatId`, msg('backup.expected.samePersonaChatRef'));
    }
  });
  data.evalRuns.forEach((r, i) => {
    if (!personas.has(r.personaId)) throw damaged(`evalRuns[${i}].personaId`, msg('backup.expected.personaRef'));
  });
}
