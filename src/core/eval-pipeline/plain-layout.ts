import { chatMessages, chatSegments, type ChatParts } from '../generate/chat-parts.ts';
import type { BuiltPrompt, PromptContext, PromptLayout } from '../generate/prompt-layout.ts';
import { renderNotesSection, renderStorySection } from '../generate/prompt-sections.ts';
import { isPromptable, newUserMessage } from '../generate/sent-form.ts';

function parts(ctx: PromptContext): ChatParts {
  const last = newUserMessage(ctx.history);
  const story = renderStorySection(ctx.summaries, ctx.speakers).trimEnd();
  const core = ctx.personaCore.trim();
  const lastIndex = ctx.history.length - 1;
  return {
    system: story === '' || core === '' ? core : `${core}\n\n`,
    story,
    earlier: ctx.history
      .map((m, turn) => ({ m, turn }))
      .filter(({ m, turn }) => turn < lastIndex && isPromptable(m))
      .map(({ m, turn }) => ({ turn, role: m.role, content: m.text })),
    notes: renderNotesSection(ctx.retrieved, ctx.speakers),
    line: last.text,
    lastIndex,
  };
}

/**
 * The "quote mode off" ablation: a plain chat prompt. The system message is the persona core
 * alone (no task rules, no `Name: "…"` answer form), earlier turns are the bare texts as
 * user/assistant messages, this turn's notes precede the user's line, and there are no stop
 * strings: the reply is taken as generated.
 */
export const plainLayout: PromptLayout = {
  id: 'chat',
  segments: (ctx) => chatSegments(parts(ctx), ctx.modelId),
  build(ctx: PromptContext): BuiltPrompt {
    const { messages, userSent } = chatMessages(parts(ctx));
    return {
      layout: 'chat',
      request: { input: { kind: 'chat', messages }, maxTokens: ctx.maxTokens, sampling: ctx.sampling, enableThinking: false },
      prefixed: false,
      userSent,
    };
  },
};
