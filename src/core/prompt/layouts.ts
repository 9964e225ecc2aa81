/**
 * The two prompt layouts, for every task (reply, continue, impersonate) and both reply forms:
 * what the model reads, as Qwen ChatML. See README.md in this folder for why it is built so.
 *
 * - **chat** (chat-completions engines; WebLLM reuses its KV cache between calls only when
 *   `messages[:-1]` equals what it holds): a stable system message (persona, examples, rules,
 *   then the story so far), earlier turns resent exactly as they were sent or generated, this
 *   turn's notes only in the newest user message, the card's post-history instructions after
 *   the user's line. Roles alternate strictly after the system message.
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
export type HistoryMessage = Pick<Message, 'role' | 'text' | 'raw' | 'status'>;

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
  /** Notes for this turn only (lore, memories, examples, mood), already within their budget. */
  notes: readonly string[];
  /** The card's post-history instructions, macros replaced; '' for none. */
  postHistory: string;
  sampling: SamplingOptions;
  maxTokens: number;
  /** Evaluation ablation "quote mode off": plain messages, no rules, no speaker labels, no stops. */
  plain?: boolean;
}

/** What a part of the prompt is, for the budget. */
export type SegmentKind = 'system' | 'summaries' | 'retrieved' | 'turn' | 'overhead';

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
  notes: (name: string) => string;
  conversation: string;
  examples: string;
  opener: string;
  task: (s: Speakers) => string;
  rules: (s: Speakers, form: ReplyForm) => string;
  continueLine: (close: string) => string;
  continueScene: string;
  impersonate: (s: Speakers, form: ReplyForm) => string;
}

const WORDS: Record<Speakers['language'], Words> = {
  en: {
    story: '[Story so far]',
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
  },
  zh: {
    story: '[前情提要]',
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
  },
};

/** The task paragraph the app puts where a card's system prompt says `{{original}}` (or first, when it has none). */
export function taskText(s: Speakers): string {
  return WORDS[s.language].task(s);
}

/** The scene summaries as one section ending in a blank line, or ''. */
function storySection(summaries: readonly string[], s: Speakers): string {
  const items = summaries.map((x) => x.trim()).filter((x) => x !== '');
  return items.length === 0 ? '' : `${WORDS[s.language].story}\n${items.join('\n\n')}\n\n`;
}

/** This turn's notes as a bullet list ending in a blank line, or ''. */
function notesSection(notes: readonly string[], s: Speakers): string {
  const items = notes.map((x) => x.trim().replace(/\s*\n\s*/g, ' ')).filter((x) => x !== '');
  return items.length === 0 ? '' : `${WORDS[s.language].notes(s.name)}\n${items.map((x) => `- ${x}`).join('\n')}\n\n`;
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

/** The system message before the story: persona core, examples, rules (plain: the core alone). */
function systemText(ctx: PromptContext): string {
  const core = ctx.personaCore.trim();
  if (ctx.plain) return core;
  const parts = [core, examplesSection(ctx.examples, ctx.speakers, ctx.form), WORDS[ctx.speakers.language].rules(ctx.speakers, ctx.form)];
  return parts.filter((p) => p !== '').join('\n\n');
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
  return `${s.name}\u0000${s.userName}\u0000${s.language}\u0000${form}\u0000${plain}`;
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
  const system = systemText(ctx);
  if (system !== '' || story !== '') {
    blocks.push({
      role: 'system',
      parts: [
        { kind: 'system', text: story === '' || system === '' ? system : `${system}\n\n` },
        { kind: 'summaries', text: story },
      ],
    });
  }
  const last = ctx.task.kind === 'reply' ? ctx.history.length - 1 : ctx.history.length;
  const lineIndex = ctx.task.kind === 'reply' ? last : undefined;
  const newLine = lineIndex === undefined ? undefined : newUserLine(ctx.history);
  ctx.history.forEach((m, turn) => {
    if (turn >= last || !isPromptable(m)) return;
    if (blocks.every((b) => b.role === 'system') && m.role === 'assistant') pushMessage(blocks, 'user', [{ kind: 'overhead', text: WORDS[s.language].opener }]);
    pushMessage(blocks, m.role, [{ kind: 'turn', turn, text: sentForm(m, s, ctx.form, ctx.plain) }]);
  });
  const notes = notesSection(ctx.notes, s);
  if (newLine && lineIndex !== undefined) {
    const after = postHistoryText(ctx);
    const line = canonicalTurn(newLine, s, ctx.form, ctx.plain === true) + (after === '' ? '' : '\n\n');
    pushMessage(blocks, 'user', [
      { kind: 'retrieved', text: notes },
      { kind: 'turn', turn: lineIndex, text: line },
      { kind: 'overhead', text: after },
    ]);
    return { blocks, userSent: notes + line + after };
  }
  if (blocks.every((b) => b.role === 'system')) pushMessage(blocks, 'user', [{ kind: 'overhead', text: WORDS[s.language].opener }]);
  if (ctx.task.kind === 'continue') pushMessage(blocks, 'assistant', [{ kind: 'overhead', text: openTurn(ctx.task, s, ctx.form) }]);
  pushMessage(blocks, 'user', [
    { kind: 'retrieved', text: notes },
    { kind: 'overhead', text: instruction(ctx.task, s, ctx.form) },
  ]);
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
    { kind: 'system', text: systemText(ctx) },
    { kind: 'overhead', text: TURN_CLOSE + turnOpen('user') },
    { kind: 'summaries', text: storySection(ctx.summaries, s) },
    { kind: 'overhead', text: `${words.conversation}\n` },
  ];
  const gap = turnGap(ctx.form);
  ctx.history.forEach((m, turn) => {
    if (isPromptable(m)) out.push({ kind: 'turn', turn, text: canonicalTurn(m, s, ctx.form, false) + gap });
  });
  const notes = notesSection(ctx.notes, s);
  const after = ctx.postHistory.trim();
  const lastTurn = out.at(-1);
  if ((notes !== '' || after !== '') && lastTurn?.kind === 'turn' && gap === '\n') lastTurn.text += '\n';
  out.push({ kind: 'retrieved', text: notes });
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
  const others = ctx.task.kind === 'impersonate' ? [s.name] : [...new Set([s.userName, 'Me'])].filter((n) => n !== s.name);
  return others.flatMap((n) => [`\n${n}:`, `\n${n}：`]);
}

/** The prompt as segments, in order (for exact token budgeting). */
export function promptSegments(layout: LayoutId, ctx: PromptContext): PromptSegment[] {
  if (ctx.task.kind === 'reply') newUserLine(ctx.history);
  return layout === 'chat' ? chatSegments(ctx) : singleSegments(ctx);
}

/**
 * The request for the context's task in a layout.
 * @throws ValidationError when a reply is asked for and the history does not end with the user's line.
 */
export function buildRequest(layout: LayoutId, ctx: PromptContext): LayoutOutput {
  const base = { stop: stopStrings(ctx), maxTokens: ctx.maxTokens, sampling: ctx.sampling, enableThinking: false };
  if (layout === 'single') {
    if (ctx.task.kind === 'reply') newUserLine(ctx.history);
    const prompt = singleSegments(ctx)
      .map((x) => x.text)
      .join('');
    const userSent = ctx.task.kind === 'reply' ? canonicalTurn(newUserLine(ctx.history), ctx.speakers, ctx.form, false) : '';
    return { layout, request: { input: { kind: 'prompt', prompt }, ...base }, prefixed: true, userSent };
  }
  const { messages, userSent } = chatMessages(ctx);
  return { layout, request: { input: { kind: 'chat', messages }, ...base }, prefixed: false, userSent };
}
