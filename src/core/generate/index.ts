export { chatLayout } from './chat-layout.ts';
export { assistantHeader, chatMlTurn, IM_END, IM_START } from './chatml.ts';
export { chooseLayout, layoutById } from './choose-layout.ts';
export { EMPTY_THINK_BLOCK, isQwen3 } from './model-family.ts';
export { parseReply, type QuoteReply, type ReplyParseContext } from './parse-reply.ts';
export type {
  BuiltPrompt,
  HistoryMessage,
  LayoutId,
  PromptContext,
  PromptLayout,
  PromptSegment,
  SegmentKind,
  Speakers,
} from './prompt-layout.ts';
export { renderNotesSection, renderStorySection } from './prompt-sections.ts';
export { formatLine, linePrefix, quoteStyleFor, type QuoteStyle } from './quote-style.ts';
export { resolveSampling, type QwenSampling, type ResolvedSampling } from './resolve-sampling.ts';
export { canonicalLine, chatSentForm, newUserMessage } from './sent-form.ts';
export { singleLayout } from './single-layout.ts';
export { speakersOf } from './speakers.ts';
export { stopStrings } from './stop-strings.ts';
export { renderSystemContent, renderTaskRules } from './system-prompt.ts';
