import { chatMessages, chatPartsOf, chatSegments, type ChatParts } from './chat-parts.ts';
import type { BuiltPrompt, PromptContext, PromptLayout } from './prompt-layout.ts';
import { canonicalLine, newUserMessage } from './sent-form.ts';
import { stopStrings } from './stop-strings.ts';

function parts(ctx: PromptContext): ChatParts {
  const last = newUserMessage(ctx.history);
  return chatPartsOf(ctx, ctx.history.length - 1, canonicalLine(last, ctx.speakers));
}

/**
 * The KV-reuse layout for chat-completions engines (WebLLM reuses its cache only when
 * `messages[:-1]` equals its stored conversation byte for byte):
 * - system message = persona core + task + rules, then the story so far (scene summaries);
 *   it changes only when a block is summarized;
 * - earlier messages are resent exactly as they were sent or generated ({@link chatSentForm}):
 *   user messages keep the notes they were sent with, replies are the engine's verbatim output;
 * - this turn's retrieved notes go only into the new user message, before its quoted line;
 * - there is no assistant prefill, so the rules and every earlier reply show the model the
 *   `Name: "…"` form and it writes the prefix itself (the parser strips it).
 * The returned `userSent` must be stored as the new user message's `raw`.
 */
export const chatLayout: PromptLayout = {
  id: 'chat',
  segments: (ctx) => chatSegments(parts(ctx), ctx.modelId),
  build(ctx: PromptContext): BuiltPrompt {
    const { messages, userSent } = chatMessages(parts(ctx));
    return {
      layout: 'chat',
      request: {
        input: { kind: 'chat', messages },
        stop: stopStrings('chat', ctx.speakers, ctx.modelId),
        maxTokens: ctx.maxTokens,
        sampling: ctx.sampling,
        enableThinking: false,
      },
      prefixed: false,
      userSent,
    };
  },
};
