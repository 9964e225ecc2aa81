import type { Localized } from '../../core/persona/index.ts';

/** Texts the chat state shows (pass them through `inUiLanguage` when shown). */
export const CHAT_TEXTS = {
  nothingAdded: {
    en: 'The model added nothing this time. Try again, or write the next line yourself.',
    zh: '模型这次什么也没写。请再试一次，或自己写下一句。',
  },
  waitForReply: {
    en: 'Wait until the reply is finished (or press Stop), then try again.',
    zh: '请等回复写完（或点“停止”），然后再试。',
  },
  inSummary: {
    en: 'This message is part of a scene summary, which may still mention the old text. Open the summary above it to edit it if that matters.',
    zh: '这条消息属于一段场景摘要，摘要里可能仍提到旧内容。如有需要，请打开它上方的摘要进行编辑。',
  },
} as const satisfies Record<string, Localized>;

/** Title of a new chat, numbered within its persona. */
export function chatTitle(n: number): Localized {
  return { en: `Chat ${n}`, zh: `对话 ${n}` };
}

/** The summary failure line around the error's own text (`detail`). */
export function summaryFailed(detail: string): Localized {
  return {
    en: `Older messages could not be summarized yet (${detail}). They are kept in full; EGOS will try again in a few turns.`,
    zh: `较早的消息暂时无法生成摘要（${detail}）。这些消息会完整保留；EGOS 会在几轮对话后重试。`,
  };
}
