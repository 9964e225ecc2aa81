/**
 * Reading a model's output as a turn of the role-play: what the user is shown, and what is
 * hidden because it is not part of the turn (text after a line's closing quote, another
 * speaker's line, a leaked control token). Works on partial output while streaming
 * (`finishReason` null) and on the final output.
 *
 * What is hidden is never shown and never sent back to the model: the prompt builder resends a
 * reply's output verbatim only when nothing of it was hidden (see `sentForm` in layouts.ts).
 */
import type { FinishReason } from '../llm-engine.ts';
import { insideThinking, stripThinking } from '../llm-output.ts';
import type { InterruptReason } from '../message.ts';
import { joinActions, linePrefix, OPENING_MARKS, quoteStyleFor, speakerPrefix, splitLeadingActions, type Speakers } from './reply-form.ts';
import type { ReplyForm } from '../persona/index.ts';

/** What the reader needs to know about the prompt that produced the output. */
export interface ReadContext extends Speakers {
  form: ReplyForm;
  /**
   * The prompt already ended in the open turn (`Name: "` for a line, `Name: ` for a scene), so
   * the output starts inside it (raw completion).
   */
  prefixed: boolean;
}

/** A model's output read as one turn. */
export interface ReplyReading {
  /** What the user sees. Line: leading actions as `*…*`, then the speech without its quotes. Scene: the prose. */
  text: string;
  /** The output verbatim (stored as `Message.raw`). */
  raw: string;
  /** Output after the turn ended; '' when everything the model wrote belongs to the turn. */
  hidden: string;
  /** What a leading `<think>` block held ('' for none or an empty one); never shown. */
  thought: string;
  /** Line: the speech reached its closing quote. Scene: the model ended its turn. */
  closed: boolean;
  /** The turn is over although the model goes on writing (a line closed and more text followed): stop it. */
  ended: boolean;
  /** The model wrote the `Name:` prefix itself. */
  wrotePrefix: boolean;
  /** Why a finished reply is incomplete: the token limit or Stop. */
  interruptReason?: InterruptReason;
  /** The finished reply has nothing to show. */
  empty: boolean;
}

/** Control tokens a server may leak as text; the turn ends where one appears. */
const CONTROL_TOKENS = /<\|im_end\|>|<\|endoftext\|>|<\|im_start\|>/;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface SpeakerPatterns {
  prefix: RegExp;
  userLine: RegExp;
  ownLine: RegExp;
}

const patternCache = new Map<string, SpeakerPatterns>();

/** Names whose line ends the character's turn: the user's name, the legacy `Me` label, a leaked `{{user}}`, and a group chat's other characters. */
function userNames(s: Speakers): string[] {
  return [...new Set([s.userName, 'Me', '{{user}}', ...(s.others ?? [])])].filter((n) => n !== '' && n !== s.name);
}

function patternsFor(s: Speakers): SpeakerPatterns {
  const key = [s.name, s.userName, ...(s.others ?? [])].join('\u0000');
  const hit = patternCache.get(key);
  if (hit) return hit;
  const lineStart = (names: string[]) => new RegExp(`\\n[ \\t]*(?:\\*\\*)?(?:${names.map(escapeRegExp).join('|')})(?:\\*\\*)?[ \\t]*[:：]`);
  const made: SpeakerPatterns = {
    prefix: new RegExp(`^\\s*(?:\\*\\*)?${escapeRegExp(s.name)}(?:\\*\\*)?[ \\t]*[:：](?:\\*\\*)?[ \\t]*`),
    userLine: lineStart(userNames(s)),
    ownLine: new RegExp(`(\\n[ \\t]*\\n?)[ \\t]*(?:\\*\\*)?${escapeRegExp(s.name)}(?:\\*\\*)?[ \\t]*[:：](?:\\*\\*)?[ \\t]*`, 'g'),
  };
  if (patternCache.size >= 64) patternCache.clear();
  patternCache.set(key, made);
  return made;
}

/** Streamed output that so far is only the start of the speaker's name. */
function partialName(t: string, name: string): boolean {
  const s = t.trimStart();
  return s === '' || [`${name}:`, `${name}：`, `**${name}**:`, `**${name}:**`].some((p) => p.startsWith(s));
}

function interruptFor(finish: FinishReason | null): InterruptReason | undefined {
  if (finish === 'length') return 'max-tokens';
  if (finish === 'abort') return 'user-stop';
  return undefined;
}

interface Cut {
  kept: string;
  hidden: string;
}

/** Splits at the first match of `pattern` (or a control token). */
function cutAt(s: string, pattern: RegExp | null): Cut {
  let at = -1;
  const control = CONTROL_TOKENS.exec(s);
  if (control) at = control.index;
  const m = pattern?.exec(s);
  if (m && (at < 0 || m.index < at)) at = m.index;
  return at < 0 ? { kept: s, hidden: '' } : { kept: s.slice(0, at), hidden: s.slice(at) };
}

/** Closing marks accepted for each opening mark, and the nested pair skipped inside it. */
const CLOSING: Record<string, { closers: string; nestOpen?: string; nestClose?: string }> = {
  '"': { closers: '"”', nestOpen: '“', nestClose: '”' },
  '“': { closers: '”"', nestOpen: '‘', nestClose: '’' },
  '「': { closers: '」', nestOpen: '『', nestClose: '』' },
  '『': { closers: '』', nestOpen: '「', nestClose: '」' },
};

/** A straight quote that opens a nested quotation: after a space (or start), before a word. */
function opensNested(s: string, i: number): boolean {
  const prev = i === 0 ? ' ' : (s[i - 1] as string);
  const next = s[i + 1] ?? '';
  return /[\s(—–-]/.test(prev) && next !== '' && !/[\s.,!?;:…—–)\]]/.test(next);
}

/**
 * Index of the mark that closes a quotation opened by `opener` in `s`, or -1. Nested
 * quotations are skipped: `“…”` and `『…』`, and straight quotes that open a quotation inside
 * a straight-quoted speech (`"He said "no" to me."`). `depth` counts nested quotations already
 * open (e.g. opened in the text before a continuation).
 */
export function findClose(s: string, opener: string, depth = 0): number {
  const rule = CLOSING[opener];
  if (!rule) return -1;
  let nested = depth;
  let straight = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    if (ch === rule.nestOpen) nested++;
    else if (nested > 0 && ch === rule.nestClose) nested--;
    else if (ch === '"' && opener === '"' && opensNested(s, i)) straight++;
    else if (ch === '"' && straight > 0) straight--;
    else if (nested === 0 && rule.closers.includes(ch)) return i;
  }
  return -1;
}

/** Nested quotations left open in `text` (for continuing a line inside one). */
export function openNesting(text: string, language: Speakers['language']): number {
  const [open, close] = language === 'zh' ? ['『', '』'] : ['“', '”'];
  const count = (ch: string) => [...text].filter((c) => c === ch).length;
  return Math.max(0, count(open) - count(close));
}

/** The content of the leading think block, given the output and what follows the block. */
function thoughtOf(raw: string, after: string): string {
  if (after === raw) return '';
  const inner = raw.slice(0, raw.length - after.length).trim();
  return inner
    .replace(/^<think>/i, '')
    .replace(/<\/think>$/i, '')
    .trim();
}

/** Removes a trailing half of a character (a lone high surrogate) or an unfinished leading action while streaming. */
function tidyStreaming(text: string): string {
  return text.replace(/[\uD800-\uDBFF]$/, '').trimEnd();
}

interface LineParts {
  speech: string;
  closed: boolean;
  after: string;
}

/** The speech of a line after its leading actions: up to the closing quote. */
function readLine(rest: string, ctx: ReadContext, streaming: boolean, depth = 0): LineParts {
  let s = rest;
  let opener: string | null = ctx.prefixed ? quoteStyleFor(ctx.language).open : null;
  if (opener === null && s !== '' && OPENING_MARKS.includes(s[0] as string)) {
    opener = s[0] as string;
    s = s.slice(1);
  }
  s = s.replace(/^["“「『]+/, '');
  if (opener === null) {
    const speech = streaming ? s : s.trimEnd().replace(/["”」』]+$/, '');
    return { speech, closed: false, after: '' };
  }
  const end = findClose(s, opener, depth);
  if (end < 0) return { speech: streaming ? s : s.trimEnd().replace(/["”」』]+$/, ''), closed: false, after: '' };
  return { speech: s.slice(0, end), closed: true, after: s.slice(end + 1) };
}

/**
 * Reads a model's output as the character's turn in `ctx.form`.
 *
 * Both forms: a leading `<think>…</think>` block is dropped (nothing is shown while inside
 * one); the `Name:` prefix (also `**Name**:`) is removed when the model wrote it; the turn ends
 * where another speaker's line starts (`\nUser:`) or a control token leaks (`<|im_end|>`).
 * Line: leading actions (`*…*`, `(…)`, `（…）`) become `*…*`; the speech runs to its closing
 * quote (nested and curly quotes skipped); anything after it is hidden and `ended` is set.
 * Scene: the prose as written, quotes and narration kept; a repeated `Name:` at the start of a
 * paragraph is dropped; the character's own turn may span several paragraphs.
 */
export function readReply(raw: string, finishReason: FinishReason | null, ctx: ReadContext): ReplyReading {
  const streaming = finishReason === null;
  const base = { raw, interruptReason: interruptFor(finishReason) };
  const nothing = (hidden: string): ReplyReading => ({
    ...base,
    text: '',
    hidden,
    thought: '',
    closed: false,
    ended: false,
    wrotePrefix: false,
    empty: !streaming,
  });
  if (streaming && insideThinking(raw)) return nothing('');
  const afterThinking = stripThinking(raw);
  if (afterThinking === null) return nothing(streaming ? '' : raw);
  const thought = thoughtOf(raw, afterThinking);
  const patterns = patternsFor(ctx);
  let s = afterThinking;
  let wrotePrefix = false;
  if (!ctx.prefixed) {
    const m = patterns.prefix.exec(s);
    if (m) {
      s = s.slice(m[0].length);
      wrotePrefix = true;
    } else if (streaming && partialName(s, ctx.name)) {
      return nothing('');
    }
  }
  const cut = cutAt(
    s,
    ctx.form === 'line' ? new RegExp(`${patterns.userLine.source}|\\n[ \\t]*(?:\\*\\*)?${escapeRegExp(ctx.name)}(?:\\*\\*)?[ \\t]*[:：]`) : patterns.userLine,
  );
  const hiddenOfCut = cut.hidden;

  if (ctx.form === 'scene') {
    const prose = cut.kept.replace(patterns.ownLine, (_m, gap: string) => gap);
    const text = streaming ? tidyStreaming(prose.trim()) : prose.trim();
    return {
      ...base,
      text,
      hidden: hiddenOfCut,
      thought,
      closed: finishReason === 'stop',
      ended: hiddenOfCut !== '' && streaming,
      wrotePrefix,
      empty: !streaming && text === '',
    };
  }

  const { actions, rest } = splitLeadingActions(cut.kept);
  if (streaming && /^[*(（][^*)）]*$/.test(rest.trim())) {
    return { ...base, text: joinActions(actions, '', ctx.language), hidden: '', thought, closed: false, ended: false, wrotePrefix, empty: false };
  }
  let body = rest;
  if (!ctx.prefixed && !wrotePrefix) {
    const m = patterns.prefix.exec(body);
    if (m) {
      body = body.slice(m[0].length);
      wrotePrefix = true;
    }
  }
  const more = splitLeadingActions(body);
  const line = readLine(more.rest, ctx, streaming);
  const after = line.after + hiddenOfCut;
  const speech = line.speech.trim();
  const text = joinActions([...actions, ...more.actions], streaming ? tidyStreaming(speech) : speech, ctx.language);
  return {
    ...base,
    text,
    hidden: after.trim() === '' ? '' : after,
    thought,
    closed: line.closed,
    ended: streaming && after.trim() !== '',
    wrotePrefix,
    empty: !streaming && text === '',
  };
}

/** What the continuation reader needs: the context and the turn's text so far. */
export interface ContinueContext extends ReadContext {
  /** The message's shown text before the continuation. */
  before: string;
}

/** A continued turn: the full new text, the canonical raw to store, and how it ended. */
export interface ContinuedTurn {
  /** Old text + continuation: what the user sees. */
  text: string;
  /** The turn in its canonical written form (what later prompts send). */
  raw: string;
  /** Only the new part, as it joins the old text. */
  added: string;
  closed: boolean;
  ended: boolean;
  interruptReason?: InterruptReason;
}

/**
 * Removes what a chat-mode model repeats before continuing: the `Name:` prefix with its
 * opening quote, and the old text. While streaming, output that may still become such an
 * echo gives null (nothing new yet).
 */
function stripEcho(s: string, ctx: ContinueContext, streaming: boolean): string | null {
  let t = s.trimStart();
  const prefix = patternsFor(ctx).prefix.exec(t);
  if (prefix) t = t.slice(prefix[0].length);
  else if (streaming && t !== '' && [speakerPrefix(ctx.name, ctx.language), linePrefix(ctx.name, ctx.language)].some((p) => p.startsWith(t))) return null;
  const body = ctx.form === 'line' && t !== '' && OPENING_MARKS.includes(t[0] as string) ? t.slice(1) : t;
  if (ctx.before !== '' && body.startsWith(ctx.before)) return body.slice(ctx.before.length);
  if (streaming && ctx.before.startsWith(body)) return null;
  return prefix ? body : s;
}

/** Joins the continuation to the old text; a chat-mode English word gets the space the model left out. */
function join(before: string, added: string, ctx: ContinueContext): string {
  if (added.trim() === '') return before;
  if (ctx.language === 'zh') return before + (ctx.prefixed ? added : added.trimStart());
  if (ctx.prefixed) return before + added;
  const lead = /^\s+/.exec(added);
  if (lead) return `${before}${ctx.form === 'scene' && lead[0].includes('\n') ? lead[0] : ' '}${added.slice(lead[0].length)}`;
  return /\s$/.test(before) || !/^[\p{L}\p{N}*(“]/u.test(added) ? before + added : `${before} ${added}`;
}

/**
 * Reads the output of a continue request into the full turn. Raw completion (`prefixed`): the
 * prompt ended inside the turn, the output goes on from its last character. Chat mode: the
 * model may echo `Name: "` and the old text first; both are stripped. The turn ends at the
 * line's closing quote (line form, nested quotes opened in the old text counted) or another
 * speaker's line; what follows is dropped.
 */
export function readContinuation(output: string, finishReason: FinishReason | null, ctx: ContinueContext): ContinuedTurn {
  const streaming = finishReason === null;
  const interruptReason = interruptFor(finishReason);
  const canonical = (text: string, closed: boolean) =>
    ctx.form === 'line'
      ? linePrefix(ctx.name, ctx.language) + text + (closed ? quoteStyleFor(ctx.language).close : '')
      : speakerPrefix(ctx.name, ctx.language) + text;
  const unchanged: ContinuedTurn = { text: ctx.before, raw: canonical(ctx.before, false), added: '', closed: false, ended: false, interruptReason };
  if (streaming && insideThinking(output)) return unchanged;
  let s = stripThinking(output);
  if (s === null) return unchanged;
  if (!ctx.prefixed) s = stripEcho(s, ctx, streaming);
  if (s === null) return unchanged;
  const patterns = patternsFor(ctx);
  const cut = cutAt(s, ctx.form === 'line' ? new RegExp(`${patterns.userLine.source}|\\n[ \\t]*${escapeRegExp(ctx.name)}[ \\t]*[:：]`) : patterns.userLine);
  let added = cut.kept;
  let closed = false;
  let after = cut.hidden;
  if (ctx.form === 'line') {
    const end = findClose(added, quoteStyleFor(ctx.language).open === '「' ? '「' : '"', openNesting(ctx.before, ctx.language));
    if (end >= 0) {
      after = added.slice(end + 1) + after;
      added = added.slice(0, end);
      closed = true;
    }
  } else {
    closed = finishReason === 'stop';
  }
  added = added.trimEnd();
  const text = join(ctx.before, streaming ? tidyStreaming(added) : added, ctx);
  return {
    text,
    raw: canonical(text, closed && ctx.form === 'line'),
    added: text.slice(ctx.before.length),
    closed,
    ended: streaming && after.trim() !== '',
    interruptReason,
  };
}

/**
 * Reads the output of an impersonate request: the user's turn, clean (no name, line form
 * without quotes), cut where another speaker's line begins. `raw` is the output verbatim.
 */
export function readUserTurn(output: string, finishReason: FinishReason | null, ctx: ReadContext): ReplyReading {
  // Small models often label the user's turn with the generic label rather than the user's name.
  const labelled = output.replace(/^((?:\s*<think>[\s\S]*?<\/think>)?\s*)(?:Me|\{\{user\}\})(?=[ \t]*[:：])/, (_, lead: string) => lead + ctx.userName);
  return readReply(labelled, finishReason, { ...ctx, name: ctx.userName, userName: ctx.name });
}
