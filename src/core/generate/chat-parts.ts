import type { ChatTurn } from '../llm-engine.ts';
import { assistantHeader, chatMlTurn, TURN_CLOSE, turnOpen } from './chatml.ts';
import type { PromptSegment } from './prompt-layout.ts';

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
