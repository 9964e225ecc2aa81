import { msg, type Message } from '../../core/i18n/message.ts';

/**
 * What EGOS was doing when storage failed, as a message that completes "EGOS could not …"
 * (see `toStorageError`).
 */
export type StorageAction = Message;

/** The repository's and backup store's storage actions. */
export const STORAGE_ACTIONS = {
  readPersonas: msg('storage.action.readPersonas'),
  readPersona: msg('storage.action.readPersona'),
  deletePersona: msg('storage.action.deletePersona'),
  readChats: msg('storage.action.readChats'),
  readChat: msg('storage.action.readChat'),
  saveChat: msg('storage.action.saveChat'),
  deleteChat: msg('storage.action.deleteChat'),
  readMessages: msg('storage.action.readMessages'),
  readMessage: msg('storage.action.readMessage'),
  saveMessage: msg('storage.action.saveMessage'),
  saveMessages: msg('storage.action.saveMessages'),
  deleteMessage: msg('storage.action.deleteMessage'),
  deleteMessages: msg('storage.action.deleteMessages'),
  readSettings: msg('storage.action.readSettings'),
  saveSettings: msg('storage.action.saveSettings'),
  readMemories: msg('storage.action.readMemories'),
  saveMemory: msg('storage.action.saveMemory'),
  saveMemories: msg('storage.action.saveMemories'),
  deleteMemory: msg('storage.action.deleteMemory'),
  readEvalRuns: msg('storage.action.readEvalRuns'),
  readEvalRun: msg('storage.action.readEvalRun'),
  saveEvalRun: msg('storage.action.saveEvalRun'),
  deleteEvalRun: msg('storage.action.deleteEvalRun'),
  readBooks: msg('storage.action.readBooks'),
  readBook: msg('storage.action.readBook'),
  saveBook: msg('storage.action.saveBook'),
  deleteBook: msg('storage.action.deleteBook'),
  readForBackup: msg('storage.action.readForBackup'),
  readData: msg('storage.action.readData'),
  restoreBackup: msg('storage.action.restoreBackup'),
} as const satisfies Record<string, StorageAction>;

/** The action of saving the persona called `name`. */
export function savePersonaAction(name: string): StorageAction {
  return msg('storage.action.savePersona', { name });
}
