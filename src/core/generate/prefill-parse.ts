import type { FinishReason } from '../llm-engine.ts';
import type { InterruptReason } from '../message.ts';
import { parseReply, type ReplyParseContext } from './parse-reply.ts';
import type { Speakers } from './prompt-layout.ts';
import { linePrefix, quoteStyleFor } from './quote-style.ts';

/** What the continuation parser needs: the speakers, the prompt kind and the line so far. */
export interface ContinueParseContext extends ReplyParseContext {
  /** The line's text before the continuation (the message's `text`). */
  before: string;
}

/** A continued line: the full new text, the raw to store, and how it ended. */
export interface ContinuedLine {
  /** Old text + continuation: what the user sees. */
  text: string;
  /** The line as the model's side now reads: `Name: "text` (+ the closing quote when closed). */
  raw: string;
  /** Only the new part, as it joins the old text. */
  added: string;
  closed: boolean;
  interruptReason?: InterruptReason;
}

const OPENERS = '"“「『';
const THINK = /^\s*<think>[\s\S]*?<\/think>\s*/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function interruptFor(finish: FinishReason | null): InterruptReason | undefined {
  if (finish === 'length') return 'max-tokens';
  if (finish === 'abort') return 'user-stop';
  return undefined;
}

/** Output still inside (or opening) a `<think>` block: nothing to show yet. */
function isThinking(s: string): boolean {
  const t = s.trimStart();
  return (t !== '' && '<think>'.startsWith(t)) || (t.startsWith('<think>') && !t.includes('</think>'));
}

/**
 * Removes what a chat-mode model repeats before continuing: the `Name:` prefix with its
 * opening quote, and the old text. While streaming, output that may still become such an
 * echo gives null (nothing new yet).
 */
function stripEcho(s: string, ctx: ContinueParseContext, streaming: boolean): string | null {
  let t = s.trimStart();
  const prefix = new RegExp(`^(?:\\*\\*)?${escapeRegExp(ctx.name)}(?:\\*\\*)?[ \\t]*[:：][ \\t]*`).exec(t);
  if (prefix) t = t.slice(prefix[0].length);
  else if (streaming && t !== '' && [`${ctx.name}:`, `${ctx.name}：`, linePrefix(ctx.name, ctx.language)].some((p) => p.startsWith(t))) return null;
  const body = t !== '' && OPENERS.includes(t[0] as string) ? t.slice(1) : t;
  if (ctx.before !== '' && body.startsWith(ctx.before)) return body.slice(ctx.before.length);
  if (streaming && ctx.before.startsWith(body)) return null;
  if (prefix) return body;
  return s;
}

/** Cuts the output where another speaker's line begins. */
function cutAtSpeaker(s: string, ctx: Speakers): string {
  const names = [...new Set([ctx.name, ctx.userName, 'Me'])].map(escapeRegExp).join('|');
  const m = new RegExp(`\\n[ \\t]*(?:\\*\\*)?(?:${names})(?:\\*\\*)?[ \\t]*[:：]`).exec(s);
  return m ? s.slice(0, m.index) : s;
}

/** Index of the line's closing mark in `s` (nested quotes opened in `before` or `s` skipped), or -1. */
function findClose(s: string, before: string, ctx: Speakers): number {
  const [closers, nestOpen, nestClose] = ctx.language === 'zh' ? ['」', '『', '』'] : ['"”', '“', '”'];
  const count = (text: string, ch: string) => [...text].filter((c) => c === ch).length;
  let depth = Math.max(0, count(before, nestOpen) - count(before, nestClose));
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === nestOpen) depth++;
    else if (depth > 0 && ch === nestClose) depth--;
    else if (closers.includes(ch)) return i;
  }
  return -1;
}

/** Joins the continuation to the old text; a chat-mode English word gets the space the model left out. */
function join(before: string, added: string, ctx: ContinueParseContext): string {
  if (added.trim() === '') return before;
  if (ctx.language === 'zh') return before + (ctx.prefixed ? added : added.trimStart());
  if (ctx.prefixed) return before + added;
  const lead = /^\s+/.exec(added);
  if (lead) return `${before} ${added.slice(lead[0].length)}`;
  return /\s$/.test(before) || !/^[\p{L}\p{N}*(“]/u.test(added) ? before + added : `${before} ${added}`;
}

/**
 * Parses the output of a continue request into the full line. Works while streaming
 * (`finishReason` null) and at the end. Handles a leading empty `<think>` block, a chat-mode
 * echo of `Name: "` and of the old text, another speaker's line (cut there), the closing
 * quote (text after it dropped; with `prefixed`, a `stop` means the stop string closed it),
 * and the token limit or Stop (`interruptReason`).
 */
export function parseContinuation(output: string, finishReason: FinishReason | null, ctx: ContinueParseContext): ContinuedLine {
  const streaming = finishReason === null;
  const interruptReason = interruptFor(finishReason);
  const style = quoteStyleFor(ctx.language);
  const unchanged = { text: ctx.before, raw: linePrefix(ctx.name, ctx.language) + ctx.before, added: '', closed: false, interruptReason };
  if (streaming && isThinking(output)) return unchanged;
  let s: string | null = output.replace(THINK, '');
  if (!ctx.prefixed) s = stripEcho(s, ctx, streaming);
  if (s === null) return unchanged;
  s = cutAtSpeaker(s, ctx);
  const end = findClose(s, ctx.before, ctx);
  const added = (end >= 0 ? s.slice(0, end) : s).trimEnd();
  const closed = end >= 0 || (ctx.prefixed && finishReason === 'stop');
  const text = join(ctx.before, added, ctx);
  const raw = linePrefix(ctx.name, ctx.language) + text + (closed ? style.close : '');
  return { text, raw, added: text.slice(ctx.before.length), closed, interruptReason };
}

/**
 * Parses the output of an impersonate request: the user's line, clean (no name, no quotes,
 * leading actions as `*…*`), cut where another speaker's line begins. `raw` is the output verbatim.
 */
export function parseUserLine(output: string, finishReason: FinishReason | null, ctx: ReplyParseContext): { text: string; raw: string; interruptReason?: InterruptReason } {
  const swapped: ReplyParseContext = { name: ctx.userName, userName: ctx.name, language: ctx.language, prefixed: ctx.prefixed };
  const reply = parseReply(output, finishReason, swapped);
  return { text: reply.text, raw: reply.raw, interruptReason: reply.interruptReason };
}
