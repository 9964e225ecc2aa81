import { chatMessages, chatPartsOf, chatSegments, type ChatParts } from './chat-parts.ts';
import { singleSegments } from './single-layout.ts';
import { isQwen3 } from './model-family.ts';
import type { BuiltPrompt, PromptContext, PromptLayout, Speakers } from './prompt-layout.ts';
import { formatLine, linePrefix, quoteStyleFor } from './quote-style.ts';
import { stopStrings } from './stop-strings.ts';

/**
 * What a prefill prompt asks for: the rest of the character's last line (`text` is that line
 * so far; `PromptContext.history` holds the turns BEFORE it), or the user's next line
 * (`history` is the whole conversation).
 */
export type PrefillTask = { kind: 'continue'; text: string } | { kind: 'impersonate' };

/** The open line the reply starts from: `Name: "text so far` or `Me: "`. */
export function openLine(task: PrefillTask, s: Speakers): string {
  return task.kind === 'continue' ? linePrefix(s.name, s.language) + task.text : linePrefix(s.userName, s.language);
}

/** The chat-only instruction (last user message) for a task. */
export function prefillInstruction(task: PrefillTask, s: Speakers): string {
  const close = quoteStyleFor(s.language).close;
  if (s.language === 'zh') {
    return task.kind === 'continue'
      ? `[继续] 你的上一句话被打断了。从中断的地方接着写完这句话：只写剩下的部分，不要重复已经写过的内容，最后用${close}结束。`
      : `[替${s.userName}写] 写出${s.userName}在这场角色扮演中的下一句话，用${s.userName}的口吻，写成一行：${formatLine(s.userName, '……', 'zh')}。只写这一行。`;
  }
  return task.kind === 'continue'
    ? `[Continue] Your last line was cut off. Continue it from exactly where it stopped: write only the rest (do not repeat what is already there) and end it with the closing quote ${close}.`
    : `[Write ${s.userName}'s line] Write ${s.userName}'s next line in this role-play, as ${s.userName} would say it, in one line: ${formatLine(s.userName, '…', 'en')}. Write only that line.`;
}

/** The chat layout's parts with the open line (continue) and the instruction as the last user message. */
function chatParts(task: PrefillTask, ctx: PromptContext): ChatParts {
  const parts = chatPartsOf(ctx, ctx.history.length, prefillInstruction(task, ctx.speakers));
  if (task.kind === 'continue') parts.earlier.push({ turn: ctx.history.length, role: 'assistant', content: openLine(task, ctx.speakers) });
  return parts;
}

/** Stops for the user's line in chat mode: the character's line, or a second user line (after a closed one on Qwen3). */
function userLineStops(s: Speakers, modelId: string): string[] {
  const close = quoteStyleFor(s.language).close;
  const colons = [':', '：'];
  const users = [...new Set([s.userName, 'Me'])].filter((u) => u !== s.name);
  const own = isQwen3(modelId)
    ? users.flatMap((u) => ['\n', '\n\n'].flatMap((gap) => colons.map((c) => `${close}${gap}${u}${c}`)))
    : users.flatMap((u) => colons.map((c) => `\n${u}${c}`));
  return [...new Set([...colons.map((c) => `\n${s.name}${c}`), ...own])];
}

function stopsFor(task: PrefillTask, raw: boolean, ctx: PromptContext): string[] {
  if (raw) return stopStrings('single', ctx.speakers, ctx.modelId);
  return task.kind === 'continue' ? stopStrings('chat', ctx.speakers, ctx.modelId) : userLineStops(ctx.speakers, ctx.modelId);
}

/**
 * A prompt layout for continuing the character's last line or drafting the user's next one.
 *
 * - `raw` (engines with raw completion): the single layout's ChatML prompt (system, story,
 *   notes, conversation), ending in the assistant header (Qwen3: with the empty thinking block)
 *   and the open line, `Name: "text so far` or `Me: "`. The output is the rest of the line and
 *   stops at the closing quote or a new speaker's line (`prefixed` is true).
 * - chat (chat-completions only): the chat layout's messages (continue: plus the line so far
 *   as an assistant message without its closing quote), then a user message with this turn's
 *   notes and a short instruction. The model writes the rest (or `Me: "…"`) itself and may
 *   echo what was there; the prefill parsers strip that (`prefixed` is false).
 * Segments end at the same token boundaries as the other layouts, so `planPrompt` budgets it;
 * the open line and the instruction count as overhead. `userSent` is always ''.
 */
export function prefillLayout(task: PrefillTask, raw: boolean): PromptLayout {
  return {
    id: raw ? 'single' : 'chat',
    segments: (ctx) => (raw ? singleSegments(ctx, openLine(task, ctx.speakers)) : chatSegments(chatParts(task, ctx), ctx.modelId)),
    build(ctx: PromptContext): BuiltPrompt {
      const input = raw
        ? { kind: 'prompt' as const, prompt: singleSegments(ctx, openLine(task, ctx.speakers)).map((x) => x.text).join('') }
        : { kind: 'chat' as const, messages: chatMessages(chatParts(task, ctx)).messages };
      return {
        layout: raw ? 'single' : 'chat',
        request: { input, stop: stopsFor(task, raw, ctx), maxTokens: ctx.maxTokens, sampling: ctx.sampling, enableThinking: false },
        prefixed: raw,
        userSent: '',
      };
    },
  };
}
