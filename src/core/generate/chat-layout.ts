import type { ChatTurn } from '../llm-engine.ts';
import { assistantHeader, chatMlTurn, TURN_CLOSE, turnOpen } from './chatml.ts';
import type { BuiltPrompt, PromptContext, PromptLayout, PromptSegment } from './prompt-layout.ts';
import { renderNotesSection, renderStorySection } from './prompt-sections.ts';
import { canonicalLine, chatSentForm, isPromptable, newUserMessage } from './sent-form.ts';
import { stopStrings } from './stop-strings.ts';
import { renderSystemContent } from './system-prompt.ts';

interface ChatParts {
  /** System content before the story section (ends in a blank line when a story follows). */
  system: string;
  story: string;
  earlier: { turn: number; role: ChatTurn['role']; content: string }[];
  notes: string;
  line: string;
  lastIndex: number;
}

function parts(ctx: PromptContext): ChatParts {
  const s = ctx.speakers;
  const last = newUserMessage(ctx.history);
  const story = renderStorySection(ctx.summaries, s).trimEnd();
  const core = renderSystemContent(ctx.personaCore, s);
  const lastIndex = ctx.history.length - 1;
  const earlier = ctx.history
    .map((m, turn) => ({ m, turn }))
    .filter(({ m, turn }) => turn < lastIndex && isPromptable(m))
    .map(({ m, turn }) => ({ turn, role: m.role, content: chatSentForm(m, s) }));
  return {
    system: story === '' ? core : `${core}\n\n`,
    story,
    earlier,
    notes: renderNotesSection(ctx.retrieved, s),
    line: canonicalLine(last, s),
    lastIndex,
  };
}

function segments(ctx: PromptContext): PromptSegment[] {
  const p = parts(ctx);
  const out: PromptSegment[] = [
    { kind: 'overhead', text: turnOpen('system') },
    { kind: 'system', text: p.system },
    { kind: 'summaries', text: p.story },
    { kind: 'overhead', text: TURN_CLOSE },
    ...p.earlier.map((e): PromptSegment => ({ kind: 'turn', turn: e.turn, text: chatMlTurn(e.role, e.content) })),
    { kind: 'overhead', text: turnOpen('user') },
    { kind: 'retrieved', text: p.notes },
    { kind: 'turn', turn: p.lastIndex, text: p.line + TURN_CLOSE },
    { kind: 'overhead', text: assistantHeader(ctx.modelId) },
  ];
  return out.filter((x) => x.text !== '');
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
  segments,
  build(ctx: PromptContext): BuiltPrompt {
    const p = parts(ctx);
    const userSent = p.notes + p.line;
    const messages: ChatTurn[] = [
      { role: 'system', content: p.system + p.story },
      ...p.earlier.map((e): ChatTurn => ({ role: e.role, content: e.content })),
      { role: 'user', content: userSent },
    ];
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
