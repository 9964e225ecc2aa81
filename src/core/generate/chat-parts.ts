import type { ChatTurn } from '../llm-engine.ts';
import { assistantHeader, chatMlTurn, TURN_CLOSE, turnOpen } from './chatml.ts';
import type { PromptContext, PromptSegment } from './prompt-layout.ts';
import { renderNotesSection, renderStorySection } from './prompt-sections.ts';
import { chatSentForm, isPromptable } from './sent-form.ts';
import { renderSystemContent } from './system-prompt.ts';

/** The pieces of a chat-completions prompt, before they become messages or ChatML segments. */
export interface ChatParts {
  /** System content before the story section (ends in a blank line when a story follows). */
  system: string;
  story: string;
  earlier: { turn: number; role: ChatTurn['role']; content: string }[];
  /** This turn's notes, placed before the user's new line. */
  notes: string;
  line: string;
  lastIndex: number;
}

/**
 * The chat prompt's parts: the system content with the story so far, the first `count` turns
 * of the history in their sent form, this turn's notes and `line` as the new user message.
 */
export function chatPartsOf(ctx: PromptContext, count: number, line: string): ChatParts {
  const s = ctx.speakers;
  const story = renderStorySection(ctx.summaries, s).trimEnd();
  const core = renderSystemContent(ctx.personaCore, s);
  const earlier = ctx.history
    .map((m, turn) => ({ m, turn }))
    .filter(({ m, turn }) => turn < count && isPromptable(m))
    .map(({ m, turn }) => ({ turn, role: m.role, content: chatSentForm(m, s) }));
  return {
    system: story === '' ? core : `${core}\n\n`,
    story,
    earlier,
    notes: renderNotesSection(ctx.retrieved, s),
    line,
    lastIndex: count,
  };
}

/** The prompt as ChatML segments, as the engine's template renders it; an empty system turn is left out. */
export function chatSegments(p: ChatParts, modelId: string): PromptSegment[] {
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
    { kind: 'overhead', text: assistantHeader(modelId) },
  ];
  return out.filter((x) => x.text !== '');
}

/** The message list (system when not empty, earlier turns, the new user message) and the new message's exact content. */
export function chatMessages(p: ChatParts): { messages: ChatTurn[]; userSent: string } {
  const userSent = p.notes + p.line;
  const system = p.system + p.story;
  const messages: ChatTurn[] = [
    ...(system === '' ? [] : [{ role: 'system' as const, content: system }]),
    ...p.earlier.map((e): ChatTurn => ({ role: e.role, content: e.content })),
    { role: 'user', content: userSent },
  ];
  return { messages, userSent };
}
