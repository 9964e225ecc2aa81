/**
 * What EGOS was doing when storage failed, as a phrase that completes "EGOS could not …" in
 * English and "EGOS 无法……" in Chinese (see `toStorageError`).
 */
export interface StorageAction {
  en: string;
  zh: string;
}

/** The repository's and backup store's storage actions. */
export const STORAGE_ACTIONS = {
  readPersonas: { en: 'read personas', zh: '读取角色列表' },
  readPersona: { en: 'read a persona', zh: '读取角色' },
  deletePersona: { en: 'delete the persona', zh: '删除这个角色' },
  readChats: { en: 'read chats', zh: '读取对话列表' },
  readChat: { en: 'read a chat', zh: '读取对话' },
  saveChat: { en: 'save the chat', zh: '保存对话' },
  deleteChat: { en: 'delete the chat', zh: '删除对话' },
  readMessages: { en: 'read messages', zh: '读取消息' },
  readMessage: { en: 'read a message', zh: '读取消息' },
  saveMessage: { en: 'save the message', zh: '保存消息' },
  saveMessages: { en: 'save the messages', zh: '保存这些消息' },
  deleteMessage: { en: 'delete the message', zh: '删除消息' },
  deleteMessages: { en: 'delete the messages', zh: '删除这些消息' },
  readSettings: { en: 'read settings', zh: '读取设置' },
  saveSettings: { en: 'save settings', zh: '保存设置' },
  readMemories: { en: 'read memories', zh: '读取记忆' },
  saveMemory: { en: 'save a memory', zh: '保存记忆' },
  saveMemories: { en: 'save memories', zh: '保存这些记忆' },
  deleteMemory: { en: 'delete a memory', zh: '删除记忆' },
  readEvalRuns: { en: 'read evaluation runs', zh: '读取评测记录' },
  readEvalRun: { en: 'read an evaluation run', zh: '读取评测记录' },
  saveEvalRun: { en: 'save the evaluation run', zh: '保存评测记录' },
  deleteEvalRun: { en: 'delete the evaluation run', zh: '删除评测记录' },
  readForBackup: { en: 'read your data for the backup', zh: '读取你的数据来生成备份' },
  readData: { en: 'read your data', zh: '读取你的数据' },
  restoreBackup: { en: 'restore the backup', zh: '恢复备份' },
} as const satisfies Record<string, StorageAction>;

/** The action of saving the persona called `name`. */
export function savePersonaAction(name: string): StorageAction {
  return { en: `save “${name}”`, zh: `保存“${name}”` };
}
