import type { ChatTurn } from '../llm-engine.ts';
import { assistantHeader, chatMlTurn, TURN_CLOSE, turnOpen } from '../generate/chatml.ts';
import type { BuiltPrompt, PromptContext, PromptLayout, PromptSegment } from '../generate/prompt-layout.ts';
import { renderNotesSection, renderStorySection } from '../generate/prompt-sections.ts';
import { isPromptable, newUserMessage } from '../generate/sent-form.ts';

interface PlainParts {
  system: string;
  story: string;
  earlier: { turn: number; role: ChatTurn['role']; content: string }[];
  notes: string;
  line: string;
  lastIndex: number;
}

function parts(ctx: PromptContext): PlainParts {
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

function segments(ctx: PromptContext): PromptSegment[] {
  const p = parts(ctx);
  const hasSystem = p.system + p.story !== '';
  const out: PromptSegment[] = [
    { kind: 'overhead', text: hasSystem ? turnOpen('system') : '' },
    { kind: 'system', text: p.system },
    { kind: 'summaries', text: p.story },
    { kind: 'overhead', text: hasSystem ? TURN_CLOSE : '' },
    ...p.earlier.map((e): PromptSegment => ({ kind: 'turn', turn: e.turn, text: chatMlTurn(e.role, e.content) })),
    { kind: 'overhead', text: turnOpen('user') },
    { kind: 'retrieved', text: p.notes },
    { kind: 'turn', turn: p.lastIndex, text: p.line + TURN_CLOSE },
    { kind: 'overhead', text: assistantHeader(ctx.modelId) },
  ];
  return out.filter((x) => x.text !== '');
}

/**
 * The "quote mode off" ablation: a plain chat prompt. The system message is the persona core
 * alone (no task rules, no `Name: "…"` answer form), earlier turns are the bare texts as
 * user/assistant messages, this turn's notes precede the user's line, and there are no stop
 * strings: the reply is taken as generated.
 */
export const plainLayout: PromptLayout = {
  id: 'chat',
  segments,
  build(ctx: PromptContext): BuiltPrompt {
    const p = parts(ctx);
    const userSent = p.notes + p.line;
    const system = p.system + p.story;
    const messages: ChatTurn[] = [
      ...(system === '' ? [] : [{ role: 'system' as const, content: system }]),
      ...p.earlier.map((e): ChatTurn => ({ role: e.role, content: e.content })),
      { role: 'user', content: userSent },
    ];
    return {
      layout: 'chat',
      request: { input: { kind: 'chat', messages }, maxTokens: ctx.maxTokens, sampling: ctx.sampling, enableThinking: false },
      prefixed: false,
      userSent,
    };
  },
};
