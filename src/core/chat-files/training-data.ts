/**
 * Supervised fine-tuning data from chats, in the shape the EGOS research trains on: for every
 * reply of the character, the prompt EGOS builds for it — through the prompt builder itself
 * (`buildPrompt`, so the persona core, the card's examples, the rules, the scene summaries in
 * force and the mood are exactly what a chat sends) — with the reply written in quote form as
 * the target (`Maren: *smiles* "Welcome."`, or the prose of a scene).
 *
 * What differs from the prompt the reply was made with, on purpose: earlier turns are written in
 * their canonical quote form (never the model's raw output, which may hide text the user never
 * saw), and this turn's notes from retrieval (memories, lore, examples) are left out, since they
 * depend on the memory at that moment. Summaries count when they cover turns before the user's
 * line; the mood is the one in force at that turn.
 *
 * Two layouts, the two EGOS sends: `chat` (system, then alternating turns, the target as the
 * last assistant message: what the GPU engine and chat servers get) and `single` (system, one
 * user message with the whole transcript, the target: what the CPU engine gets, and the
 * research report's own form). Two file formats: OpenAI messages JSONL (`{"messages": […]}` per
 * line, rendered with Qwen's ChatML template by trainers) and ShareGPT JSON (`conversations`
 * with `from: human | gpt`, the system prompt in `system`).
 */
import type { Chat } from '../chat.ts';
import type { EngineFacts } from '../conversation/reply-strategy.ts';
import { activeVariantIndex, variantsOf } from '../conversation/variants.ts';
import { isGroupChat, membersOf, speakerOf } from '../group-chat.ts';
import { countCharacterReplies } from '../history/index.ts';
import type { ChatId } from '../ids.ts';
import type { ChatTurn } from '../llm-engine.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message } from '../message.ts';
import { applyStyleOverride, stateAtTurn, type Persona, type ReplyForm } from '../persona/index.ts';
import { cachedCounter } from '../prompt/budget.ts';
import { buildPrompt, replyFormOf, type GroupInput } from '../prompt/build.ts';
import { IM_END, IM_START } from '../prompt/layouts.ts';
import { formatTurn, REPLY_FORMS } from '../prompt/reply-form.ts';
import { isPromptTurn, isSummaryMemory } from '../summarize/summary-coverage.ts';
import type { TokenCounter } from '../token-counter.ts';

/** File format: OpenAI messages JSON Lines, or ShareGPT JSON. */
export type TrainingFormat = 'messages' | 'sharegpt';

/** Prompt layout: chat turns (GPU engine, chat servers) or one user message with the transcript (CPU engine). */
export type TrainingLayout = 'chat' | 'single';

/** What goes into the data. */
export interface TrainingOptions {
  format: TrainingFormat;
  layout: TrainingLayout;
  /** Only replies that completed (not stopped, cut off or failed). */
  completedOnly: boolean;
  /** Only the alternative the chat shows; otherwise one example per alternative (swipe). */
  chosenOnly: boolean;
  /** Leave out replies the user edited by hand. */
  skipEdited: boolean;
  /** Leave out replies the user rated down. */
  skipRatedDown: boolean;
  /** Write every reply in both forms (line and scene); otherwise in the chat's own form. */
  bothForms: boolean;
  /** Share of the chats (not examples) kept for validation, 0 to 0.5. */
  validationShare: number;
  /** Seed of the split: the same seed and chats give the same split. */
  seed: number;
}

/** The options a new export starts from. */
export const TRAINING_DEFAULTS: TrainingOptions = {
  format: 'messages',
  layout: 'chat',
  completedOnly: true,
  chosenOnly: true,
  skipEdited: false,
  skipRatedDown: true,
  bothForms: false,
  validationShare: 0.1,
  seed: 1,
};

/** The context window the examples are built for: the one EGOS gives the built-in models. */
export const TRAINING_CONTEXT_WINDOW = 4096;
/** Reply room the prompt leaves, as the chat does. */
const REPLY_TOKENS = 320;

/** One chat with what its prompts are built from; the persona has the user's name filled in. */
export interface TrainingChat {
  chat: Chat;
  /** The chat's persona (a group chat's host). */
  persona: Persona;
  messages: readonly Message[];
  /** The chat's memories (its scene summaries are used). */
  memories: readonly Memory[];
  /**
   * A group chat's characters: every member and earlier speaker that still exists (the host may
   * be left out: it is `persona`). A group chat without them gives no examples (see {@link ChatExamples.leftOut}).
   */
  cast?: readonly Persona[];
}

/** One example: the prompt's messages and, last, the character's reply. */
export interface TrainingExample {
  chatId: ChatId;
  messages: ChatTurn[];
}

/** The examples of one chat, and how many replies the options left out. */
export interface ChatExamples {
  examples: TrainingExample[];
  skipped: number;
  /**
   * Why the whole chat gave nothing: `group-without-cast`, a group chat given without its
   * characters (every reply would be written under the wrong name and card).
   */
  leftOut?: 'group-without-cast';
}

function engineFor(layout: TrainingLayout): EngineFacts {
  return {
    capabilities:
      layout === 'chat'
        ? { rawCompletion: false, promptCache: 'chat', jsonSchema: false, leavesDevice: false }
        : { rawCompletion: true, promptCache: 'prefix', jsonSchema: false, leavesDevice: false },
    modelId: null,
    thinking: false,
  };
}

/** The complete turns of a raw ChatML prompt; the open assistant turn the reply goes into is left out. */
function chatMlTurns(prompt: string): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const part of prompt.split(IM_START).slice(1)) {
    const newline = part.indexOf('\n');
    const end = part.indexOf(IM_END);
    const role = part.slice(0, newline);
    if (end < 0 || (role !== 'system' && role !== 'user' && role !== 'assistant')) continue;
    turns.push({ role, content: part.slice(newline + 1, end) });
  }
  return turns;
}

/**
 * A message as an earlier turn of a training prompt: its shown text only, so it is written in
 * canonical quote form, and no stored cue (it holds that turn's notes): a group chat's cue is
 * written afresh.
 */
function shownOnly(message: Message): Message {
  const { raw: _raw, cue: _cue, ...rest } = message;
  return rest;
}

/** Who speaks a reply of a chat: the persona, its reply form for a form of the examples, and a group chat's prompt input. */
interface Voice {
  persona: Persona;
  form: ReplyForm;
  group?: GroupInput;
}

/**
 * The voice of each reply of a chat in one form of the examples (`form`: every character writes
 * in it; unset: each in its own). One-to-one: always the persona. Group chat: the reply's
 * speaker, with every member (present) and earlier speaker (gone) as the prompt's cast; null for
 * a speaker no longer in `cast` (its card is gone, so its replies cannot be written as it). The
 * chat's own style values go on top of each character's style, as in the chat's prompts.
 */
function voices(source: TrainingChat, messages: readonly Message[], form: ReplyForm | undefined): (reply: Message) => Voice | null {
  const { chat } = source;
  const styled = (p: Persona): Persona => (chat.style ? { ...p, style: applyStyleOverride(p.style, chat.style) } : p);
  const persona = styled(source.persona);
  const formOf = (p: Persona) => form ?? replyFormOf(p, chat.replyForm);
  if (!isGroupChat(chat)) return () => ({ persona, form: formOf(persona) });
  // Every character speaks to the chat's user, as the chat fills it in.
  const byId = new Map<string, Persona>([persona, ...(source.cast ?? []).map(styled)].map((p) => [p.id, { ...p, user: persona.user }]));
  const members = membersOf(chat).map((m) => m.personaId);
  const spoke = messages.flatMap((m) => (m.role === 'assistant' ? [speakerOf(m, chat)] : [])).filter((id) => !members.includes(id));
  const group: GroupInput = {
    members: [...new Set([...members, ...spoke])].flatMap((id) => {
      const p = byId.get(id);
      return p ? [{ persona: p, form: formOf(p), present: members.includes(id) }] : [];
    }),
  };
  return (reply) => {
    const speaker = byId.get(speakerOf(reply, chat));
    return speaker ? { persona: speaker, form: formOf(speaker), group } : null;
  };
}

/**
 * The examples of one chat: one per reply that follows a line of the user (and per alternative
 * and form, as the options say). In a group chat each reply is its speaker's (its card among the
 * cast's, its name and form on the target), and a reply that follows another character's turn
 * is an example too (the prompt ends with its cue, as the chat sent it); a group chat without its
 * cast gives none (`leftOut`).
 * @throws ValidationError when the persona's sampling values are out of range (the prompt builder refuses them).
 */
export function chatExamples(source: TrainingChat, options: TrainingOptions, counter: TokenCounter, contextWindow = TRAINING_CONTEXT_WINDOW): ChatExamples {
  const { chat } = source;
  const inGroup = isGroupChat(chat);
  if (inGroup && source.cast === undefined) return { examples: [], skipped: 0, leftOut: 'group-without-cast' };
  const messages = [...source.messages].sort((a, b) => a.seq - b.seq);
  const summaries = source.memories.filter(isSummaryMemory);
  const forms = (options.bothForms ? REPLY_FORMS : [undefined]).map((form) => voices(source, messages, form));
  const engine = engineFor(options.layout);
  const examples: TrainingExample[] = [];
  let skipped = 0;
  messages.forEach((reply, index) => {
    if (reply.role !== 'assistant') return;
    const lineIndex = messages.findLastIndex((m, i) => i < index && isPromptTurn(m));
    const line = messages[lineIndex];
    if (!line || (line.role !== 'user' && !inGroup)) return;
    if (forms.some((voiceOf) => voiceOf(reply) === null)) return;
    const variants = variantsOf(reply);
    const chosen = activeVariantIndex(reply);
    const kept = variants.filter((variant, i) => {
      if (variant.text.trim() === '') return false;
      const keep =
        (!options.chosenOnly || i === chosen) &&
        (!options.completedOnly || variant.status === 'complete') &&
        !(options.skipEdited && reply.editedAt !== undefined) &&
        !(options.skipRatedDown && variant.rating === 'down');
      if (!keep) skipped++;
      return keep;
    });
    if (kept.length === 0) return;
    const history = messages.slice(0, lineIndex + 1).map(shownOnly);
    const before = summaries.filter((s) => s.range.toSeq < line.seq);
    const state = chat.personaState ? stateAtTurn(chat.personaState, countCharacterReplies(messages.slice(0, index))) : undefined;
    for (const voiceOf of forms) {
      const { persona, form, group } = voiceOf(reply) as Voice;
      const built = buildPrompt({
        task: { kind: 'reply' },
        persona,
        form,
        history,
        summaries: before,
        notes: [],
        ...(state ? { state } : {}),
        ...(group ? { group } : {}),
        engine,
        counter,
        contextWindow,
        maxTokens: REPLY_TOKENS,
      });
      const input = built.request.input;
      const prompt = input.kind === 'chat' ? input.messages.map((m) => ({ ...m })) : chatMlTurns(input.prompt);
      // A group chat's turns are in its host's language (the prompt's), whoever speaks.
      const language = group ? source.persona.language : persona.language;
      for (const variant of kept) {
        const target = formatTurn(persona.name.trim(), variant.text, form, language);
        examples.push({ chatId: chat.id, messages: [...prompt, { role: 'assistant', content: target }] });
      }
    }
  });
  return { examples, skipped };
}

/** A small seeded generator (mulberry32): the same seed gives the same numbers. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The chats kept for validation: `share` of them (at least one when there are two or more and
 * the share is above zero; never all), drawn with `seed`. Whole chats, so no conversation is in
 * both sets; the same chats and seed give the same split, whatever their order.
 */
export function validationChats(chatIds: readonly ChatId[], share: number, seed: number): Set<ChatId> {
  const ids = [...new Set(chatIds)].sort();
  if (share <= 0 || ids.length < 2) return new Set();
  const count = Math.min(ids.length - 1, Math.max(1, Math.round(ids.length * share)));
  const random = seeded(seed);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [ids[i], ids[j]] = [ids[j] as ChatId, ids[i] as ChatId];
  }
  return new Set(ids.slice(0, count));
}

/** Examples as OpenAI messages JSON Lines: `{"messages":[{"role":…,"content":…},…]}` per line. */
export function toMessagesJsonl(examples: readonly TrainingExample[]): string {
  return examples.map((e) => `${JSON.stringify({ messages: e.messages })}\n`).join('');
}

/** Examples as ShareGPT JSON: `[{"conversations":[{"from":"human"|"gpt","value":…}],"system":…}]`. */
export function toShareGpt(examples: readonly TrainingExample[]): string {
  const records = examples.map((e) => {
    const system = e.messages.filter((m) => m.role === 'system').map((m) => m.content);
    const conversations = e.messages.filter((m) => m.role !== 'system').map((m) => ({ from: m.role === 'user' ? 'human' : 'gpt', value: m.content }));
    return system.length > 0 ? { conversations, system: system.join('\n\n') } : { conversations };
  });
  return `${JSON.stringify(records, null, 1)}\n`;
}

/** A file of training data. */
export interface TrainingFile {
  fileName: string;
  mime: string;
  text: string;
  examples: number;
}

/** The training file and, when there are validation examples, the validation file, named `<stem>-train.jsonl` and so on. */
export function trainingFiles(train: readonly TrainingExample[], validation: readonly TrainingExample[], format: TrainingFormat, stem: string): TrainingFile[] {
  const write = format === 'messages' ? toMessagesJsonl : toShareGpt;
  const extension = format === 'messages' ? 'jsonl' : 'json';
  const mime = format === 'messages' ? 'application/jsonl' : 'application/json';
  const files = [{ fileName: `${stem}-train.${extension}`, mime, text: write(train), examples: train.length }];
  if (validation.length > 0) files.push({ fileName: `${stem}-validation.${extension}`, mime, text: write(validation), examples: validation.length });
  return files;
}

/** Wraps the tokenizer so prompts that share their start are counted once. */
export function trainingCounter(counter: TokenCounter): TokenCounter {
  return cachedCounter(counter, 16_384);
}
