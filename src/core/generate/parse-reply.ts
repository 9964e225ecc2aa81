import type { FinishReason } from '../llm-engine.ts';
import type { InterruptReason } from '../message.ts';
import type { Speakers } from './prompt-layout.ts';
import { quoteStyleFor } from './quote-style.ts';

/** What the parser needs to know about the prompt that produced the reply. */
export interface ReplyParseContext extends Speakers {
  /** True when the prompt ended in `Name: "` (single layout): the output starts inside the quote. */
  prefixed: boolean;
}

/** A parsed quote-mode reply: the clean line, the verbatim output and what was repaired. */
export interface QuoteReply {
  /** What the user sees: leading actions as `*…*`, then the speech. */
  text: string;
  /** The engine's output verbatim (store it as `Message.raw`). */
  raw: string;
  speech: string;
  /** Leading narration or action(s) without their marks, joined by a space; '' when none. */
  action: string;
  /** `max-tokens` when cut by the token limit, `user-stop` when aborted. */
  interruptReason?: InterruptReason;
  /** The reply ended at its closing quote (seen in the output, or consumed as a stop string). */
  closed: boolean;
  /** Chat layout: the model wrote the `Name:` prefix itself. */
  wrotePrefix: boolean;
  /** The model started another line (the user's or a second one of its own) and was cut there. */
  cut: 'user-line' | 'own-line' | null;
  /** Text after the closing quote was dropped from `text` (it stays in `raw`). */
  droppedTrailing: boolean;
  /** Stray quote marks at the start or end were removed. */
  strayQuotes: boolean;
  /** The finished reply has no visible text. */
  empty: boolean;
}

const OPENERS = '"“「『';
const STRAY_LEAD = /^[ \t]*["“「『]+/;
const STRAY_TAIL = /["”」』]+$/;
const ACTION = /^(?:\*([^*\n]+)\*|[(（]([^()（）\n]+)[)）])[ \t]*/;
const THINK = /^\s*<think>[\s\S]*?<\/think>\s*/;

/** Closing marks accepted for each opening mark, and the nested pair skipped inside it. */
const CLOSING: Record<string, { closers: string; nestOpen?: string; nestClose?: string }> = {
  '"': { closers: '"”', nestOpen: '“', nestClose: '”' },
  '“': { closers: '”"' },
  '「': { closers: '」', nestOpen: '『', nestClose: '』' },
  '『': { closers: '』' },
};

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface SpeakerPatterns {
  prefix: RegExp;
  otherLine: RegExp;
}

const patternCache = new Map<string, SpeakerPatterns>();

/** The `Name:` prefix and "another speaker's line" patterns, compiled once per speaker pair. */
function patternsFor(ctx: Speakers): SpeakerPatterns {
  const key = `${ctx.name}\u0000${ctx.userName}`;
  const hit = patternCache.get(key);
  if (hit) return hit;
  const users = [...new Set([ctx.userName, 'Me'])].filter((n) => n !== ctx.name);
  const alternatives = [ctx.name, ...users].map(escapeRegExp).join('|');
  const made = {
    prefix: new RegExp(`^\\s*(?:\\*\\*)?${escapeRegExp(ctx.name)}(?:\\*\\*)?[ \\t]*[:：](?:\\*\\*)?[ \\t]*`),
    otherLine: new RegExp(`\\n[ \\t]*(?:\\*\\*)?(${alternatives})(?:\\*\\*)?[ \\t]*[:：]`),
  };
  if (patternCache.size >= 64) patternCache.clear();
  patternCache.set(key, made);
  return made;
}

/** Streamed output still inside a `<think>` block: nothing to show yet. */
function isThinking(raw: string): boolean {
  const t = raw.trimStart();
  return '<think>'.startsWith(t) || (t.startsWith('<think>') && !t.includes('</think>'));
}

/** Streamed output that so far is only part of the `Name:` prefix. */
function isPartialName(t: string, name: string): boolean {
  return t === '' || [`${name}:`, `${name}：`, `**${name}**:`].some((p) => p.startsWith(t));
}

function stripThink(s: string): string {
  const m = THINK.exec(s);
  if (m) return s.slice(m[0].length);
  const t = s.trimStart();
  return t.startsWith('<think>') ? t.slice('<think>'.length) : s;
}

function takeActions(s: string, into: string[]): string {
  let rest = s.trimStart();
  for (let m = ACTION.exec(rest); m; m = ACTION.exec(rest)) {
    into.push((m[1] ?? m[2] ?? '').trim());
    rest = rest.slice(m[0].length);
  }
  return rest;
}

function findClose(s: string, opener: string): number {
  const rule = CLOSING[opener];
  if (!rule) return -1;
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === rule.nestOpen) depth++;
    else if (depth > 0 && ch === rule.nestClose) depth--;
    else if (rule.closers.includes(ch)) return i;
  }
  return -1;
}

function cutAtSpeaker(s: string, ctx: Speakers): { text: string; cut: QuoteReply['cut'] } {
  const m = patternsFor(ctx).otherLine.exec(s);
  if (!m) return { text: s, cut: null };
  return { text: s.slice(0, m.index), cut: m[1] === ctx.name ? 'own-line' : 'user-line' };
}

function interruptFor(finish: FinishReason | null): InterruptReason | undefined {
  if (finish === 'length') return 'max-tokens';
  if (finish === 'abort') return 'user-stop';
  return undefined;
}

/**
 * Parses a quote-mode reply into the clean line the user sees. Works on partial output while
 * streaming (`finishReason` null) and on the final output. Handles: a leading empty
 * `<think></think>` block (Qwen3), the `Name: "` prefix the chat layout's model writes itself,
 * `"…"`, `“…”`, `「…」` (nested `“”`/`『』` kept), leading actions in `*…*`, `(…)` or `（…）`
 * (kept as `*…*`), another speaker's line (cut there), text after the closing quote (dropped),
 * stray quote marks, a reply never closed (kept; `max-tokens` when cut by the limit) and
 * empty replies. `raw` is returned unchanged.
 */
export function parseReply(raw: string, finishReason: FinishReason | null, ctx: ReplyParseContext): QuoteReply {
  const streaming = finishReason === null;
  const base = { raw, interruptReason: interruptFor(finishReason), droppedTrailing: false, strayQuotes: false };
  const pending: QuoteReply = { ...base, text: '', speech: '', action: '', closed: false, wrotePrefix: false, cut: null, empty: !streaming };

  if (streaming && isThinking(raw)) return pending;
  let s = stripThink(raw);
  let wrotePrefix = false;
  if (!ctx.prefixed) {
    const m = patternsFor(ctx).prefix.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      wrotePrefix = true;
    } else if (streaming && isPartialName(s.trimStart(), ctx.name)) {
      return pending;
    }
  }
  const { text: uncut, cut } = cutAtSpeaker(s, ctx);
  const actions: string[] = [];
  s = takeActions(uncut, actions);
  if (!ctx.prefixed && !wrotePrefix) {
    const m = patternsFor(ctx).prefix.exec(s);
    if (m) {
      s = takeActions(s.slice(m[0].length), actions);
      wrotePrefix = true;
    }
  }

  let opener: string | null = ctx.prefixed ? quoteStyleFor(ctx.language).open : null;
  if (opener === null && s !== '' && OPENERS.includes(s[0] as string)) {
    opener = s[0] as string;
    s = s.slice(1);
  }
  let strayQuotes = false;
  const lead = STRAY_LEAD.exec(s);
  if (lead) {
    strayQuotes = true;
    s = s.slice(lead[0].length);
  }
  s = takeActions(s, actions);

  let closed = false;
  let droppedTrailing = false;
  const end = opener === null ? -1 : findClose(s, opener);
  if (end >= 0) {
    droppedTrailing = s.slice(end + 1).trim() !== '';
    s = s.slice(0, end);
    closed = true;
  } else {
    const trimmed = s.trimEnd();
    const tail = STRAY_TAIL.exec(trimmed);
    if (tail) {
      strayQuotes = true;
      s = trimmed.slice(0, tail.index);
    }
    closed = ctx.prefixed && finishReason === 'stop';
  }

  const speech = s.trim();
  const action = actions.filter((a) => a !== '').join(' ');
  const text = [...actions.filter((a) => a !== '').map((a) => `*${a}*`), speech].filter((x) => x !== '').join(' ');
  return { ...base, text, speech, action, closed, wrotePrefix, cut, droppedTrailing, strayQuotes, empty: !streaming && text === '' };
}
