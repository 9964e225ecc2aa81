export { editMessageText, normalizeMessageText, MAX_MESSAGE_CHARS } from './edit-message.ts';
export { applyRemoval, planDeleteMessage, planTruncateAfter, summariesCovering, type HistoryRemoval } from './delete-messages.ts';
export { countCharacterReplies, planBranch, saveBranch, type BranchInput, type ChatBranch } from './branch-chat.ts';
export { findMessage } from './find-message.ts';
