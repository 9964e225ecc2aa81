import { assistantHeader, TURN_CLOSE, turnOpen } from './chatml.ts';
import type { BuiltPrompt, PromptContext, PromptLayout, PromptSegment } from './prompt-layout.ts';
import { headings, renderNotesSection, renderStorySection } from './prompt-sections.ts';
import { linePrefix } from './quote-style.ts';
import { canonicalLine, isPromptable, newUserMessage } from './sent-form.ts';
import { stopStrings } from './stop-strings.ts';
import { renderSystemContent } from './system-prompt.ts';

/**
 * The raw ChatML prompt as segments: system turn, one user turn with the story, notes and the
 * whole conversation as quoted lines, then the assistant header and `open` (the line the reply
 * starts from). Shared with the prefill prompts (continue, impersonate).
 */
export function singleSegments(ctx: PromptContext, open: string): PromptSegment[] {
  const s = ctx.speakers;
  const out: PromptSegment[] = [
    { kind: 'overhead', text: turnOpen('system') },
    { kind: 'system', text: renderSystemContent(ctx.personaCore, s) },
    { kind: 'overhead', text: TURN_CLOSE + turnOpen('user') },
    { kind: 'summaries', text: renderStorySection(ctx.summaries, s) },
    { kind: 'retrieved', text: renderNotesSection(ctx.retrieved, s) },
    { kind: 'overhead', text: `${headings(s).conversation}\n` },
  ];
  ctx.history.forEach((m, turn) => {
    if (isPromptable(m)) out.push({ kind: 'turn', turn, text: `${canonicalLine(m, s)}\n` });
  });
  out.push({ kind: 'overhead', text: TURN_CLOSE + assistantHeader(ctx.modelId) + open });
  return out.filter((x) => x.text !== '');
}

/** The character's reply: the prompt ends in `Name: "`. */
function replySegments(ctx: PromptContext): PromptSegment[] {
  return singleSegments(ctx, linePrefix(ctx.speakers.name, ctx.speakers.language));
}

/**
 * The report's layout: raw completion of a ChatML prompt whose single user message holds the
 * story so far, this turn's notes and the whole conversation as quoted lines, ending in
 * `<|im_start|>assistant\nName: "` (Qwen3: after the empty thinking block). Every turn is a
 * full prefill. The reply is the speech itself and stops at the closing quote.
 */
export const singleLayout: PromptLayout = {
  id: 'single',
  segments: (ctx) => replySegments(ctx),
  build(ctx: PromptContext): BuiltPrompt {
    const last = newUserMessage(ctx.history);
    const prompt = replySegments(ctx).map((x) => x.text).join('');
    return {
      layout: 'single',
      request: {
        input: { kind: 'prompt', prompt },
        stop: stopStrings('single', ctx.speakers, ctx.modelId),
        maxTokens: ctx.maxTokens,
        sampling: ctx.sampling,
        enableThinking: false,
      },
      prefixed: true,
      userSent: canonicalLine(last, ctx.speakers),
    };
  },
};
