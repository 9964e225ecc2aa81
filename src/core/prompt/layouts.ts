/**
 * The two prompt layouts, for every task (reply, continue, impersonate) and both reply forms:
 * what the model reads, as Qwen ChatML. See README.md in this folder for why it is built so.
 *
 * - **chat** (chat-completions engines; WebLLM reuses its KV cache between calls only when
 *   `messages[:-1]` equals what it holds): a stable system message (lore before the character,
 *   persona, lore after it, examples, rules, then the story so far), earlier turns resent exactly
 *   as they were sent or generated, this turn's notes only in the newest user message, the card's
 *   post-history instructions after the user's line. Roles alternate strictly after the system
 *   message. Notes inserted into the history (lore at a depth, the author's note) go where their
 *   depth says, or with this turn's notes where the engine keeps a cache ({@link InsertAt}).
 * - **single** (raw completion): one user turn holding the story, the notes and the whole
 *   conversation as a transcript, and a prompt that ends inside the character's turn,
 *   `Name: "` — the strongest form of quote mode, but a full prefill every call.
 */
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { ChatTurn, CompletionRequest } from '../llm-engine.ts';
import { EMPTY_THINK_BLOCK } from '../llm-output.ts';
import type { Message } from '../message.ts';
import type { ExampleScene, ReplyForm } from '../persona/index.ts';
import type { SamplingOptions } from '../sampling.ts';
import { readReply } from './read-reply.ts';
import { formatTurn, linePrefix, quoteStyleFor, speakerPrefix, type Speakers } from './reply-form.ts';

/** `chat`: a message list (KV reuse). `single`: one raw ChatML prompt ending inside the turn. */
export type LayoutId = 'chat' | 'single';

/**
 * A stored message as the prompt reads it. `raw` is the message's sent form: for a reply, the
 * model's output verbatim; for a user line, the exact content sent with it (notes included).
 */
export type HistoryMessage = Pick<Message, 'role' | 'text' | 'raw' | 'status' | 'speakerId' | 'cue'>;

/** A character of a group chat as the prompt writes its turns: its name and its reply form. */
export interface CastMember {
  id: string;
  name: string;
  form: ReplyForm;
  /** Still in the chat (its card is in the system message); false: it left, only its earlier turns remain. */
  present: boolean;
}

/**
 * What the prompt asks for: the character's reply to the user's new line (the last message of
 * the history), the rest of the character's turn `text` (the history holds the turns before
 * it), or the user's next line (the history is the whole conversation).
 */
export type PromptTask = { kind: 'reply' } | { kind: 'continue'; text: string } | { kind: 'impersonate' };

/** Everything one prompt is built from. Pure data: the same context always gives the same bytes. */
export interface PromptContext {
  task: PromptTask;
  speakers: Speakers;
  form: ReplyForm;
  /** The persona part of the system message (card system prompt, character, boundary, style); byte-stable. */
  personaCore: string;
  /** Example scenes written into the system message (none when retrieval picks examples per turn). */
  examples: readonly ExampleScene[];
  /** The model's template opens a reply with an empty `<think>` block (Qwen3 with thinking off). */
  thinking: boolean;
  /** Scene summaries in force, oldest first; they change only when a block is summarized. */
  summaries: readonly string[];
  /** Turns not covered by a summary, oldest first (see {@link PromptTask}). */
  history: readonly HistoryMessage[];
  /** Notes for this turn only (memories, source passages, examples), already within their budget. */
  notes: readonly string[];
  /** Lore that fired for the system message, around the persona core: each entry's text as it goes in. */
  systemLore?: { before: readonly string[]; after: readonly string[] };
  /** Notes inserted into the history: lore at a depth, the author's note with the lore around it. */
  insertions?: readonly Insertion[];
  /** Where the insertions go (default `depth`); see {@link InsertAt}. */
  insertAt?: InsertAt;
  /** The card's post-history instructions, macros replaced; '' for none. */
  postHistory: string;
  sampling: SamplingOptions;
  maxTokens: number;
  /** Evaluation ablation "quote mode off": plain messages, no rules, no speaker labels, no stops. */
  plain?: boolean;
  /**
   * A group chat's characters (the first is the host; `speakers` and `form` are then the one
   * speaking now). Each character turn is written under its speaker's name and in its form; the
   * system message holds all present members and does not depend on who speaks, so it stays
   * byte-identical from turn to turn.
   */
  cast?: readonly CastMember[];
}

/** One note inserted into the history, written as it goes in (e.g. `World: …`, or the author's note). */
export interface Insertion {
  /** Messages from the newest: 0 after the newest message, 1 before it, and so on. */
  depth: number;
  kind: 'lore' | 'authors-note';
  text: string;
}

/**
 * Where insertions go. `depth`: each where its depth says, for an engine that reads the whole
 * prompt on every call anyway. `newest`: all in this turn's notes, deepest first, for an engine
 * that keeps its cache (WebLLM's KV cache, which is reused only while every earlier message stays
 * byte-identical; the CPU engine's prefix cache, which would re-read everything after the
 * insertion on every turn): they cost no cache reuse there, and in the chat layout they stay with
 * the user's line they were sent with, like the notes.
 */
export type InsertAt = 'depth' | 'newest';

/** What a part of the prompt is, for the budget. */
export type SegmentKind = 'system' | 'lore' | 'authors-note' | 'summaries' | 'retrieved' | 'turn' | 'overhead';

/**
 * A piece of the prompt text as the model reads it (ChatML for both layouts). Joining all
 * segments gives the exact prompt; `turn` segments carry the index into `history`. Segments end
 * at token boundaries so their counts add up to the count of the whole prompt.
 */
export interface PromptSegment {
  kind: SegmentKind;
  text: string;
  turn?: number;
}

/** A built request and what the caller must store or give the reader. */
export interface LayoutOutput {
  layout: LayoutId;
  request: CompletionRequest;
  /** The prompt already ends inside the turn (raw completion): the output is the turn's rest. */
  prefixed: boolean;
  /** Reply task: the exact content sent for the user's new line (store it as that message's `raw`); else ''. */
  userSent: string;
}

// ---------------------------------------------------------------------------------------------
// ChatML

/** Qwen ChatML control tokens. */
export const IM_START = '<|im_start|>';
export const IM_END = '<|im_end|>';
const TURN_CLOSE = `${IM_END}\n`;

/** The opening of a ChatML turn, e.g. `<|im_start|>user\n`. */
export function turnOpen(role: ChatTurn['role']): string {
  return `${IM_START}${role}\n`;
}

/** A complete ChatML turn. */
export function chatMlTurn(role: ChatTurn['role'], content: string): string {
  return `${turnOpen(role)}${content}${TURN_CLOSE}`;
}

/** What opens the model's reply: the assistant header, plus the empty think block for thinking models. */
export function assistantHeader(thinking: boolean): string {
  return turnOpen('assistant') + (thinking ? EMPTY_THINK_BLOCK : '');
}

/** A message list as the engine's template renders it, with the reply header (for counting and tests). */
export function renderChatMl(messages: readonly ChatTurn[], thinking: boolean): string {
  return messages.map((m) => chatMlTurn(m.role, m.content)).join('') + assistantHeader(thinking);
}

// ---------------------------------------------------------------------------------------------
// The words of the prompt

interface Words {
  story: string;
  lore: string;
  notes: (name: string) => string;
  conversation: string;
  examples: string;
  opener: string;
  task: (s: Speakers) => string;
  rules: (s: Speakers, form: ReplyForm) => string;
  continueLine: (close: string) => string;
  continueScene: string;
  impersonate: (s: Speakers, form: ReplyForm) => string;
  groupTask: (names: readonly string[], userName: string) => string;
  groupRules: (cast: readonly CastMember[], userName: string) => string;
  cue: (name: string) => string;
}

const WORDS: Record<Speakers['language'], Words> = {
  en: {
    story: '[Story so far]',
    lore: '## World',
    notes: (name) => `[Notes for ${name}, not said aloud]`,
    conversation: '[Conversation]',
    examples: '## Example dialogue',
    opener: '[The role-play begins.]',
    task: (s) => `[Task]\nYou are ${s.name}. Continue the role-play with ${s.userName}, speaking as ${s.name}.`,
    rules: (s, form) =>
      [
        '[Rules]',
        `- Stay in role as ${s.name} at all times; never say you are an AI, a model or an assistant.`,
        `- Write only ${s.name}'s turn, never ${s.userName}'s words or actions.`,
        form === 'line'
          ? `- Reply with one spoken line: ${linePrefix(s.name, 'en')}…" (a short action may come first: ${s.name}: *smiles* "…").`
          : `- Begin with "${s.name}:", then write narration in *asterisks* and speech in quotes, one to three paragraphs.`,
      ].join('\n'),
    continueLine: (close) =>
      `[Continue] Your last line was cut off. Continue it from exactly where it stopped: write only the rest (do not repeat what is already there) and end it with the closing quote ${close}.`,
    continueScene:
      '[Continue] Your last turn was cut off. Continue it from exactly where it stopped: write only the rest, do not repeat what is already there.',
    impersonate: (s, form) =>
      form === 'line'
        ? `[Write ${s.userName}'s line] Write ${s.userName}'s next line in this role-play, as ${s.userName} would say it, in one line: ${formatTurn(s.userName, '…', 'line', 'en')}. Write only that line.`
        : `[Write ${s.userName}'s turn] Write ${s.userName}'s next turn in this role-play, as ${s.userName} would act and speak, beginning with "${s.userName}:". Write only that turn.`,
    groupTask: (names, userName) =>
      `[Task]\nThis is a group role-play with ${userName}. The characters: ${names.join(', ')}. Each reply is the turn of one character, the one named in the last line of the newest message; write only that character's turn.`,
    groupRules: (cast, userName) =>
      [
        '[Rules]',
        '- Stay in role at all times; never say you are an AI, a model or an assistant.',
        `- Write only the named character's turn, never ${userName}'s words or actions, nor another character's.`,
        ...cast.map((c) =>
          c.form === 'line'
            ? `- ${c.name} replies with one spoken line: ${linePrefix(c.name, 'en')}…" (a short action may come first).`
            : `- ${c.name} begins with "${c.name}:", then narration in *asterisks* and speech in quotes, one to three paragraphs.`,
        ),
      ].join('\n'),
    cue: (name) => `[${name}'s turn]`,
  },
  zh: {
    story: '[前情提要]',
    lore: '## 世界设定',
    notes: (name) => `[给${name}的参考，不要说出来]`,
    conversation: '[对话]',
    examples: '## 对话示例',
    opener: '[角色扮演开始。]',
    task: (s) => `[任务]\n你是${s.name}。以${s.name}的身份继续与${s.userName}的角色扮演对话。`,
    rules: (s, form) =>
      [
        '[规则]',
        `- 始终保持${s.name}的身份，不要说自己是AI、模型或助手。`,
        `- 只写${s.name}的部分，不要替${s.userName}说话或行动。`,
        form === 'line'
          ? `- 回复写成一句话：${linePrefix(s.name, 'zh')}……」（前面可以先写一个简短的动作：${s.name}：*微笑*「……」）`
          : `- 以“${s.name}：”开头，动作和叙述写在*星号*里，说的话写在「」里，一到三段。`,
      ].join('\n'),
    continueLine: (close) => `[继续] 你的上一句话被打断了。从中断的地方接着写完这句话：只写剩下的部分，不要重复已经写过的内容，最后用${close}结束。`,
    continueScene: '[继续] 你上一段的内容被打断了。从中断的地方接着写：只写剩下的部分，不要重复已经写过的内容。',
    impersonate: (s, form) =>
      form === 'line'
        ? `[替${s.userName}写] 写出${s.userName}在这场角色扮演中的下一句话，用${s.userName}的口吻，写成一行：${formatTurn(s.userName, '……', 'line', 'zh')}。只写这一行。`
        : `[替${s.userName}写] 写出${s.userName}在这场角色扮演中接下来的内容，以“${s.userName}：”开头。只写这一段。`,
    groupTask: (names, userName) =>
      `[任务]\n这是与${userName}的多人角色扮演。角色：${names.join('、')}。每次回复是一个角色的发言，即最新消息最后一行点名的角色；只写这个角色的部分。`,
    groupRules: (cast, userName) =>
      [
        '[规则]',
        '- 始终保持角色身份，不要说自己是AI、模型或助手。',
        `- 只写被点名角色的部分，不要替${userName}或其他角色说话或行动。`,
        ...cast.map((c) =>
          c.form === 'line'
            ? `- ${c.name}的回复写成一句话：${linePrefix(c.name, 'zh')}……」（前面可以先写一个简短的动作）`
            : `- ${c.name}以“${c.name}：”开头，动作和叙述写在*星号*里，说的话写在「」里，一到三段。`,
        ),
      ].join('\n'),
    cue: (name) => `[轮到${name}]`,
  },
};

/** The task paragraph the app puts where a card's system prompt says `{{original}}` (or first, when it has none). */
export function taskText(s: Speakers): string {
  return WORDS[s.language].task(s);
}

/** A group chat's task paragraph, first in its system message: the characters present and the user. */
export function groupTaskText(names: readonly string[], s: Pick<Speakers, 'userName' | 'language'>): string {
  return WORDS[s.language].groupTask(names, s.userName);
}

/** A group chat's present members, in order. */
function presentCast(ctx: PromptContext): CastMember[] {
  return (ctx.cast ?? []).filter((c) => c.present);
}

/**
 * The form of a group chat's user lines and transcript gaps: scene when any character writes
 * scenes, else line. It does not depend on who speaks now, so earlier turns are written the same
 * way on every turn.
 */
function userForm(ctx: PromptContext): ReplyForm {
  if (!ctx.cast) return ctx.form;
  return ctx.cast.some((c) => c.form === 'scene') ? 'scene' : 'line';
}

/** How a history message is written: a group chat's character turn under its speaker's name and in its form; else the chat's. */
function voiceOf(ctx: PromptContext, m: HistoryMessage): { s: Speakers; form: ReplyForm } {
  if (!ctx.cast) return { s: ctx.speakers, form: ctx.form };
  if (m.role === 'user') return { s: ctx.speakers, form: userForm(ctx) };
  const id = m.speakerId ?? ctx.cast[0]?.id;
  const member = ctx.cast.find((c) => c.id === id) ?? ctx.cast[0];
  if (!member) return { s: ctx.speakers, form: ctx.form };
  const others = ctx.cast.map((c) => c.name).filter((n) => n !== member.name);
  return { s: { ...ctx.speakers, name: member.name, others }, form: member.form };
}

/** A group chat's character is made to speak with no new user line: the history is empty or ends with a character turn. */
function isForcedTurn(ctx: PromptContext): boolean {
  return ctx.cast !== undefined && ctx.task.kind === 'reply' && ctx.history.at(-1)?.role !== 'user';
}

/** The scene summaries as one section ending in a blank line, or ''. */
function storySection(summaries: readonly string[], s: Speakers): string {
  const items = summaries.map((x) => x.trim()).filter((x) => x !== '');
  return items.length === 0 ? '' : `${WORDS[s.language].story}\n${items.join('\n\n')}\n\n`;
}

/** A note as one bullet line's text: line breaks folded, ends trimmed. */
function noteLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** This turn's notes as a bullet list ending in a blank line, or ''. */
function notesSection(notes: readonly string[], s: Speakers): string {
  const items = notes.map(noteLine).filter((x) => x !== '');
  return items.length === 0 ? '' : `${WORDS[s.language].notes(s.name)}\n${items.map((x) => `- ${x}`).join('\n')}\n\n`;
}

/**
 * A notes section holding insertions (in the order given) and then this turn's notes, as segments
 * of their own kinds, ending in a blank line; [] when empty. Without insertions it is exactly
 * {@link notesSection}. `end: false` leaves the final line break out (the caller separates it).
 */
function sectionSegments(insertions: readonly Insertion[], notes: readonly string[], s: Speakers, end = true): PromptSegment[] {
  const items = insertions.map((i) => ({ kind: i.kind, text: noteLine(i.text) })).filter((i) => i.text !== '');
  if (items.length === 0) {
    const text = notesSection(notes, s);
    return text === '' ? [] : [{ kind: 'retrieved', text: end ? text : text.trimEnd() }];
  }
  const noteItems = notes.map(noteLine).filter((x) => x !== '');
  const out: PromptSegment[] = [
    { kind: 'overhead', text: `${WORDS[s.language].notes(s.name)}\n` },
    ...items.map((i) => ({ kind: i.kind, text: `- ${i.text}\n` })),
  ];
  if (noteItems.length > 0) out.push({ kind: 'retrieved', text: `${noteItems.map((x) => `- ${x}`).join('\n')}\n` });
  const last = out.at(-1) as PromptSegment;
  last.text = end ? `${last.text}\n` : last.text.trimEnd();
  return out;
}

/** Concatenated text of segments. */
function textOf(segments: readonly PromptSegment[]): string {
  return segments.map((x) => x.text).join('');
}

/** Where the insertions of one prompt go (see {@link placeInsertions}). */
interface Placed {
  /** By history index: the insertions that go just before that turn. */
  before: Map<number, Insertion[]>;
  /** Those that join this turn's notes. */
  section: Insertion[];
  /** Those after the newest message, when the notes sit before it (chat layout, reply). */
  after: Insertion[];
}

/**
 * Where a prompt's insertions go among the turns it sends (`turns`: their history indices,
 * oldest first; the notes sit at `sectionDepth`: 1 before the user's new line in the chat layout,
 * 0 after the last turn otherwise). With `newest` all join the notes, deepest first. With `depth`
 * each goes before the turn its depth counts back to (before the oldest one sent when it counts
 * further), into the notes at their depth, or after the newest message at 0.
 */
function placeInsertions(ctx: PromptContext, turns: readonly number[], sectionDepth: number): Placed {
  const placed: Placed = { before: new Map(), section: [], after: [] };
  const all = ctx.insertions ?? [];
  if ((ctx.insertAt ?? 'depth') === 'newest') {
    placed.section = [...all].sort((a, b) => b.depth - a.depth);
    return placed;
  }
  for (const insertion of all) {
    const depth = Math.max(0, Math.floor(insertion.depth));
    const at = turns[Math.max(0, turns.length - depth)];
    if (depth === sectionDepth) placed.section.push(insertion);
    else if (depth === 0) placed.after.push(insertion);
    else if (at === undefined) placed.section.push(insertion);
    else placed.before.set(at, [...(placed.before.get(at) ?? []), insertion]);
  }
  return placed;
}

/** Separator between turns of a transcript: a line break for lines, a blank line for prose. */
function turnGap(form: ReplyForm): string {
  return form === 'line' ? '\n' : '\n\n';
}

/** The example dialogue written in the chat's form, each scene separated by a blank line. */
export function examplesSection(scenes: readonly ExampleScene[], s: Speakers, form: ReplyForm): string {
  const written = scenes
    .map((scene) => scene.map((t) => formatTurn(t.speaker === 'user' ? s.userName : s.name, t.text, form, s.language)).join(turnGap(form)))
    .filter((x) => x !== '');
  return written.length === 0 ? '' : `${WORDS[s.language].examples}\n${written.join('\n\n')}`;
}

/** Lore for the system message as a section under its heading, or ''. */
function loreSection(texts: readonly string[] | undefined, s: Speakers): string {
  const items = (texts ?? []).map((x) => x.trim()).filter((x) => x !== '');
  return items.length === 0 ? '' : `${WORDS[s.language].lore}\n${items.join('\n')}`;
}

/**
 * The system message before the story: lore before the character, the persona core, lore after
 * it, examples, rules (plain: without examples and rules), as segments separated by blank lines.
 * Neighbouring parts of the same kind form one segment, so without lore it is a single one.
 */
function systemSegments(ctx: PromptContext): PromptSegment[] {
  const s = ctx.speakers;
  const parts: PromptSegment[] = [
    { kind: 'lore', text: loreSection(ctx.systemLore?.before, s) },
    { kind: 'system', text: ctx.personaCore.trim() },
    { kind: 'lore', text: loreSection(ctx.systemLore?.after, s) },
  ];
  const rules = ctx.cast ? WORDS[s.language].groupRules(presentCast(ctx), s.userName) : WORDS[s.language].rules(s, ctx.form);
  if (!ctx.plain) parts.push({ kind: 'system', text: examplesSection(ctx.examples, s, ctx.form) }, { kind: 'system', text: rules });
  const out: PromptSegment[] = [];
  for (const part of parts.filter((p) => p.text !== '')) {
    const last = out.at(-1);
    if (last) last.text += '\n\n';
    if (last && last.kind === part.kind) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Sent forms: what an earlier turn looks like when it is sent again

interface SentFormMemo {
  text: string;
  raw: string | undefined;
  status: HistoryMessage['status'];
  key: string;
  form: string;
}

/** Per message object: its sent form is recomputed only when the message or the speakers change. */
const sentFormMemo = new WeakMap<HistoryMessage, SentFormMemo>();

function memoKey(s: Speakers, form: ReplyForm, plain: boolean): string {
  return [s.name, s.userName, s.language, form, plain, ...(s.others ?? [])].join('\u0000');
}

/**
 * The content the chat layout sends for an earlier message — byte-identical from turn to turn
 * so the engine's cache stays valid, and never more than the user was shown.
 *
 * - A reply: its output verbatim when the model wrote the `Name:` prefix, the reply completed,
 *   it still reads as the stored text and nothing of it was hidden (no text after the line's
 *   closing quote, no other speaker's line, no thinking); that is exactly what WebLLM holds after a clean
 *   reply (for Qwen3 it starts with the empty think block). Otherwise — edited, interrupted,
 *   cut, made by a raw prompt, or with hidden output — the canonical turn `Name: …` of the
 *   shown text: deterministic, so the prefix stays stable afterwards (one cache reset at most).
 * - A user line: the content it was sent with (its notes and post-history text included) while
 *   that still contains its canonical turn; after an edit, the canonical turn.
 */
export function sentForm(message: HistoryMessage, s: Speakers, form: ReplyForm, plain = false): string {
  const key = memoKey(s, form, plain);
  const hit = sentFormMemo.get(message);
  if (hit && hit.text === message.text && hit.raw === message.raw && hit.status === message.status && hit.key === key) return hit.form;
  const made = computeSentForm(message, s, form, plain);
  sentFormMemo.set(message, { text: message.text, raw: message.raw, status: message.status, key, form: made });
  return made;
}

function canonicalTurn(message: HistoryMessage, s: Speakers, form: ReplyForm, plain: boolean): string {
  if (plain) return message.text.trim();
  return formatTurn(message.role === 'user' ? s.userName : s.name, message.text, form, s.language);
}

function computeSentForm(message: HistoryMessage, s: Speakers, form: ReplyForm, plain: boolean): string {
  const canonical = canonicalTurn(message, s, form, plain);
  const raw = message.raw;
  if (raw === undefined || raw === '') return canonical;
  if (message.role === 'user') return raw.includes(canonical) ? raw : canonical;
  if (plain || message.status !== 'complete') return canonical;
  const reading = readReply(raw, 'stop', { ...s, form, prefixed: false });
  return reading.wrotePrefix && reading.hidden === '' && reading.thought === '' && reading.text === message.text.trim() ? raw : canonical;
}

/** Messages that take part in a prompt: anything with visible text (failed empty replies are skipped). */
export function isPromptable(message: HistoryMessage): boolean {
  return message.text.trim() !== '';
}

/**
 * The user's new line: the last message of the history.
 * @throws ValidationError when the history does not end with a user message that has text.
 */
export function newUserLine(history: readonly HistoryMessage[]): HistoryMessage {
  const last = history.at(-1);
  if (!last || last.role !== 'user' || !isPromptable(last)) {
    throw new ValidationError('invalid', msg('prompt.error.nothingToAnswer'));
  }
  return last;
}

// ---------------------------------------------------------------------------------------------
// The chat layout

interface Block {
  role: ChatTurn['role'];
  parts: PromptSegment[];
}

/**
 * Adds a message, merged into the previous one when both have the same role (strict templates
 * need alternation). The blank line between merged parts ends the earlier part's segment: a
 * tokenizer joins punctuation with the line breaks after it, so a segment must not start with one.
 */
function pushMessage(blocks: Block[], role: ChatTurn['role'], parts: PromptSegment[]): void {
  const last = blocks.at(-1);
  const tail = last?.parts.findLast((p) => p.text !== '');
  if (last && tail && last.role === role && role !== 'system') {
    tail.text += '\n\n';
    last.parts.push(...parts);
  } else blocks.push({ role, parts: parts.map((p) => ({ ...p })) });
}

/** The open turn a continue or impersonate prompt starts from. */
function openTurn(task: PromptTask, s: Speakers, form: ReplyForm): string {
  if (task.kind === 'continue') return (form === 'line' ? linePrefix(s.name, s.language) : speakerPrefix(s.name, s.language)) + task.text;
  const who = task.kind === 'impersonate' ? s.userName : s.name;
  if (form === 'line') return linePrefix(who, s.language);
  return `${who}${quoteStyleFor(s.language).colon.trimEnd()}`;
}

/** The instruction a chat-only continue or impersonate ends with. */
function instruction(task: PromptTask, s: Speakers, form: ReplyForm): string {
  const words = WORDS[s.language];
  if (task.kind === 'impersonate') return words.impersonate(s, form);
  return form === 'line' ? words.continueLine(quoteStyleFor(s.language).close) : words.continueScene;
}

/** The post-history instructions as they follow the user's line, or ''. */
function postHistoryText(ctx: PromptContext): string {
  return ctx.plain ? '' : ctx.postHistory.trim();
}

function chatBlocks(ctx: PromptContext): { blocks: Block[]; userSent: string } {
  const s = ctx.speakers;
  const blocks: Block[] = [];
  const story = storySection(ctx.summaries, s).trimEnd();
  const system = systemSegments(ctx);
  if (system.length > 0 || story !== '') {
    const tail = system.at(-1);
    if (tail && story !== '') tail.text += '\n\n';
    blocks.push({ role: 'system', parts: [...system, { kind: 'summaries', text: story }] });
  }
  const forced = isForcedTurn(ctx);
  const last = ctx.task.kind === 'reply' && !forced ? ctx.history.length - 1 : ctx.history.length;
  const lineIndex = ctx.task.kind === 'reply' && !forced ? last : undefined;
  const newLine = lineIndex === undefined ? undefined : newUserLine(ctx.history);
  const sent = ctx.history.flatMap((m, turn) => (turn < last && isPromptable(m) ? [turn] : []));
  if (lineIndex !== undefined) sent.push(lineIndex);
  const placed = placeInsertions(ctx, sent, lineIndex === undefined ? 0 : 1);
  ctx.history.forEach((m, turn) => {
    if (turn >= last || !isPromptable(m)) return;
    const voice = voiceOf(ctx, m);
    const first = blocks.every((b) => b.role === 'system');
    // A group chat's character turn that answered no user line: the cue it was sent with keeps roles alternating.
    if (m.role === 'assistant' && (first || (ctx.cast && blocks.at(-1)?.role === 'assistant'))) {
      const lead = ctx.cast && m.cue !== undefined ? m.cue : first ? WORDS[s.language].opener : WORDS[s.language].cue(voice.s.name);
      pushMessage(blocks, 'user', [{ kind: 'overhead', text: lead }]);
    }
    const inserted = placed.before.get(turn);
    if (inserted) pushMessage(blocks, 'user', sectionSegments(inserted, [], s, false));
    pushMessage(blocks, m.role, [{ kind: 'turn', turn, text: sentForm(m, voice.s, voice.form, ctx.plain) }]);
  });
  if (newLine && lineIndex !== undefined) {
    const after = postHistoryText(ctx);
    const section = sectionSegments(placed.section, ctx.notes, s);
    const afterBlock = sectionSegments(placed.after, [], s, false);
    const canonical = canonicalTurn(newLine, s, userForm(ctx), ctx.plain === true);
    const blockTail = afterBlock.at(-1);
    if (blockTail && after !== '') blockTail.text += '\n\n';
    const parts: PromptSegment[] = [
      ...section,
      { kind: 'turn', turn: lineIndex, text: canonical + (after === '' && afterBlock.length === 0 ? '' : '\n\n') },
      ...afterBlock,
      { kind: 'overhead', text: after },
    ];
    const cue = ctx.cast ? WORDS[s.language].cue(s.name) : '';
    if (cue !== '') {
      const tail = parts.findLast((p) => p.text !== '') as PromptSegment;
      tail.text += '\n\n';
      parts.push({ kind: 'overhead', text: cue });
    }
    pushMessage(blocks, 'user', parts);
    // What stays with the line: everything sent with it when insertions ride with the newest turn
    // (the engine holds exactly that); else the line with its notes, as without insertions.
    const userSent =
      ctx.insertAt === 'newest'
        ? textOf(parts)
        : notesSection(ctx.notes, s) + canonical + (after === '' ? '' : '\n\n') + after + (cue === '' ? '' : `\n\n${cue}`);
    return { blocks, userSent };
  }
  if (forced) {
    // A character made to speak after another: this turn's notes, its card's post-history
    // instructions (as after a user's line) and its cue, kept with its reply (`Message.cue`).
    const after = postHistoryText(ctx);
    const cue = WORDS[s.language].cue(s.name);
    const instructions = after === '' ? '' : `${after}\n\n`;
    const parts: PromptSegment[] = [
      ...sectionSegments(placed.section, ctx.notes, s),
      { kind: 'overhead', text: instructions },
      { kind: 'overhead', text: cue },
    ];
    pushMessage(blocks, 'user', parts);
    // As for a user's line: everything sent stays when insertions ride with the newest turn; else
    // only the notes, instructions and cue (insertions come again at their depth, never twice).
    return { blocks, userSent: ctx.insertAt === 'newest' ? textOf(parts) : notesSection(ctx.notes, s) + instructions + cue };
  }
  if (blocks.every((b) => b.role === 'system')) pushMessage(blocks, 'user', [{ kind: 'overhead', text: WORDS[s.language].opener }]);
  // A group chat's character turn continued after another's: its cue keeps roles alternating.
  else if (ctx.cast && ctx.task.kind === 'continue' && blocks.at(-1)?.role === 'assistant')
    pushMessage(blocks, 'user', [{ kind: 'overhead', text: WORDS[s.language].cue(s.name) }]);
  if (ctx.task.kind === 'continue') pushMessage(blocks, 'assistant', [{ kind: 'overhead', text: openTurn(ctx.task, s, ctx.form) }]);
  pushMessage(blocks, 'user', [...sectionSegments(placed.section, ctx.notes, s), { kind: 'overhead', text: instruction(ctx.task, s, ctx.form) }]);
  return { blocks, userSent: '' };
}

function chatSegments(ctx: PromptContext): PromptSegment[] {
  const { blocks } = chatBlocks(ctx);
  const out: PromptSegment[] = [];
  for (const b of blocks) {
    out.push({ kind: 'overhead', text: turnOpen(b.role) }, ...b.parts, { kind: 'overhead', text: TURN_CLOSE });
  }
  out.push({ kind: 'overhead', text: assistantHeader(ctx.thinking) });
  return out.filter((x) => x.text !== '');
}

function chatMessages(ctx: PromptContext): { messages: ChatTurn[]; userSent: string } {
  const { blocks, userSent } = chatBlocks(ctx);
  return { messages: blocks.map((b) => ({ role: b.role, content: b.parts.map((p) => p.text).join('') })), userSent };
}

// ---------------------------------------------------------------------------------------------
// The single layout

/**
 * The single layout's segments. The story and the transcript come first and this turn's notes
 * and the post-history instructions after the transcript, just before the reply: a prompt cache
 * that keeps the longest common prefix (the CPU engine's llama.cpp) then reads only the new lines
 * and this turn's notes, not the whole conversation again whenever the notes change.
 */
function singleSegments(ctx: PromptContext): PromptSegment[] {
  const s = ctx.speakers;
  const words = WORDS[s.language];
  const out: PromptSegment[] = [
    { kind: 'overhead', text: turnOpen('system') },
    ...systemSegments(ctx),
    { kind: 'overhead', text: TURN_CLOSE + turnOpen('user') },
    { kind: 'summaries', text: storySection(ctx.summaries, s) },
    { kind: 'overhead', text: `${words.conversation}\n` },
  ];
  const gap = turnGap(userForm(ctx));
  const sent = ctx.history.flatMap((m, turn) => (isPromptable(m) ? [turn] : []));
  const placed = placeInsertions(ctx, sent, 0);
  const blankLineAfterTurn = () => {
    const lastTurn = out.at(-1);
    if (lastTurn?.kind === 'turn' && gap === '\n') lastTurn.text += '\n';
  };
  for (const turn of sent) {
    const inserted = placed.before.get(turn);
    if (inserted) {
      blankLineAfterTurn();
      out.push(...sectionSegments(inserted, [], s));
    }
    const m = ctx.history[turn] as HistoryMessage;
    const voice = voiceOf(ctx, m);
    out.push({ kind: 'turn', turn, text: canonicalTurn(m, voice.s, voice.form, false) + gap });
  }
  const section = sectionSegments(placed.section, ctx.notes, s);
  const after = ctx.postHistory.trim();
  if (section.length > 0 || after !== '') blankLineAfterTurn();
  out.push(...section);
  if (after !== '') out.push({ kind: 'overhead', text: `${after}\n` });
  out.push({ kind: 'overhead', text: TURN_CLOSE + assistantHeader(ctx.thinking) + openTurn(ctx.task, s, ctx.form) });
  return out.filter((x) => x.text !== '');
}

// ---------------------------------------------------------------------------------------------
// Stops and requests

/**
 * Stop strings: where another speaker's turn begins (`\nUser:` for a reply or a continuation,
 * `\nName:` for an impersonated user line), in both colon forms. Never a quote mark (it would
 * fire on the opening quote the model writes itself, and a straight quote inside speech would
 * cut the line), and never the character's own name for its reply (WebLLM matches stop strings
 * against Qwen3's leading think block, after which `\nName:` would fire at once). A line ends at
 * its closing quote through the reader instead (`ended`), on every engine.
 */
export function stopStrings(ctx: PromptContext): string[] {
  if (ctx.plain) return [];
  const s = ctx.speakers;
  const cast = presentCast(ctx).map((c) => c.name);
  const others = ctx.task.kind === 'impersonate' ? [s.name, ...cast] : [s.userName, 'Me', ...cast];
  return [...new Set(others)].filter((n) => ctx.task.kind === 'impersonate' || n !== s.name).flatMap((n) => [`\n${n}:`, `\n${n}：`]);
}

/** The prompt as segments, in order (for exact token budgeting). */
export function promptSegments(layout: LayoutId, ctx: PromptContext): PromptSegment[] {
  if (ctx.task.kind === 'reply' && !isForcedTurn(ctx)) newUserLine(ctx.history);
  return layout === 'chat' ? chatSegments(ctx) : singleSegments(ctx);
}

/**
 * The request for the context's task in a layout.
 * @throws ValidationError when a reply is asked for and the history does not end with the user's line.
 */
export function buildRequest(layout: LayoutId, ctx: PromptContext): LayoutOutput {
  const base = { stop: stopStrings(ctx), maxTokens: ctx.maxTokens, sampling: ctx.sampling, enableThinking: false };
  if (layout === 'single') {
    const answersLine = ctx.task.kind === 'reply' && !isForcedTurn(ctx);
    if (answersLine) newUserLine(ctx.history);
    const prompt = singleSegments(ctx)
      .map((x) => x.text)
      .join('');
    const userSent = answersLine ? canonicalTurn(newUserLine(ctx.history), ctx.speakers, userForm(ctx), false) : '';
    return { layout, request: { input: { kind: 'prompt', prompt }, ...base }, prefixed: true, userSent };
  }
  const { messages, userSent } = chatMessages(ctx);
  return { layout, request: { input: { kind: 'chat', messages }, ...base }, prefixed: false, userSent };
}
