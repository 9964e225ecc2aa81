export { editMessageText } from './edit-message.ts';
export { applyRemoval, planDeleteMessage, planTruncateAfter, summariesCovering, type HistoryRemoval } from './delete-messages.ts';
export { countCharacterReplies, planBranch, saveBranch } from './branch-chat.ts';
