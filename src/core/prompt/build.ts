/**
 * The one entry point of prompt assembly: {@link buildPrompt} turns a persona, a chat's history,
 * its summaries and this turn's notes into the request an engine streams, the budget plan, and
 * the reader for the output; {@link createPromptStrategy} is the same as the chat's
 * `ReplyStrategy`. Everything else in this folder is called from here.
 */
import type { EngineFacts, ParsedReply, PreparedReply, ReplyStrategy } from '../conversation/reply-strategy.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { EngineCapabilities, FinishReason } from '../llm-engine.ts';
import type { LoreActivation } from '../lore/activation.ts';
import type { Memory } from '../memory/memory.ts';
import type { Message, PromptSource } from '../message.ts';
import type { AuthorsNote, Persona, PersonaLanguage, ReplyForm, PersonaState } from '../persona/index.ts';
import {
  parseExampleDialogue,
  type ExampleScene,
  namesOf,
  personaText,
  renderPersonaCore,
  resolvePostHistoryInstructions,
  type PersonaCoreOptions,
} from '../persona/index.ts';
import { QWEN_SAMPLING_DEFAULTS, type SamplingOptions } from '../sampling.ts';
import { activeSummaries, isCovered, isPromptTurn } from '../summarize/summary-coverage.ts';
import type { TokenCounter } from '../token-counter.ts';
import { DEFAULT_NOTE_DEPTH, noteDue } from './authors-note.ts';
import { cachedCounter, EXAMPLES_IN_PROMPT_SHARE, planPrompt, type PromptPlan } from './budget.ts';
import {
  buildRequest,
  examplesSection,
  groupTaskText,
  taskText,
  type CastMember,
  type InsertAt,
  type Insertion,
  type LayoutId,
  type LayoutOutput,
  type PromptContext,
  type PromptTask,
} from './layouts.ts';
import { loreNote, whyFromLore, whyOfAuthorsNote } from './notes.ts';
import { readContinuation, readReply, readUserTurn, type ReadContext } from './read-reply.ts';
import { speakersOf, suggestFormFor, type Speakers } from './reply-form.ts';

/** Changes the evaluation's ablations make to the prompt; the chat never sets any. */
export interface PromptAblation {
  /** Quote mode off: plain messages, no rules, no speaker labels, no stops. */
  plain?: boolean;
  /** Replaces the persona part of the system message (Extract off, style controls off). */
  personaCore?: string;
  /** Leaves the card's example dialogue out. */
  examples?: false;
}

/** Everything one prompt is built from. */
export interface PromptInput {
  task: PromptTask;
  /** The persona, with the user's name filled in (`user.name`). */
  persona: Persona;
  form: ReplyForm;
  /**
   * The chat's messages, oldest first. Reply: ending with the user's new line. Continue: ending
   * with the character's turn to continue. Impersonate: the whole conversation.
   */
  history: readonly Message[];
  /** The chat's summary memories (all levels). */
  summaries: readonly Memory[];
  /** Notes for this turn only (retrieval), within their budget. */
  notes: readonly string[];
  /** Lore that fired for this turn (core/lore/activation.ts), placed where each entry says. */
  lore?: LoreActivation;
  /** The chat's author's note in force (its own, else the persona's default), macros not yet replaced. */
  authorsNote?: AuthorsNote;
  /**
   * The character's mood and closeness in this chat, written at the end of the system prompt. It
   * changes only when background work runs, which waits for a moment the next reply reads its
   * whole prompt anyway, so it costs no cache reuse.
   */
  state?: PersonaState;
  engine: EngineFacts;
  counter: TokenCounter;
  contextWindow: number;
  maxTokens: number;
  ablation?: PromptAblation;
  /** A group chat's characters; `persona` and `form` are then the one speaking now (see {@link GroupInput}). */
  group?: GroupInput;
}

/**
 * A group chat as its prompts see it: every character it has had, the host first, each in its
 * own reply form. The present ones' cards make the system message (the same whoever speaks);
 * one that left keeps only its name on its earlier turns.
 */
export interface GroupInput {
  members: readonly { persona: Persona; form: ReplyForm; present: boolean }[];
}

/** A built prompt: the request, the budget, and how to read the output. */
export interface BuiltPrompt extends LayoutOutput {
  plan: PromptPlan;
  /** Turns left out of this prompt only because no summary covers them yet. */
  droppedTurns: number;
  /** Sequence numbers of the turns sent verbatim. */
  sentSeqs: number[];
  /** Tokens left for summaries plus verbatim turns once the fixed parts are counted: the Summarize step's budget. */
  historyBudget: number;
  /** Exact prompt cost of each uncovered turn, by message seq. */
  turnCost: ReadonlyMap<number, number>;
  /** The card's examples are in the system prompt (so retrieval does not pick them per turn). */
  examplesInPrompt: boolean;
  /** Where insertions into the history went (see {@link insertionPlacement}). */
  insertAt: InsertAt;
  /** The author's note as it went in (macros replaced), when it was due this turn. */
  authorsNote?: { text: string; depth: number };
  /** "Why this reply" entries of the lore and the author's note: where each went, what fired it, what was left out. */
  why: PromptSource[];
  /** Reads the output: the visible text, the raw to store, whether the turn is over. */
  read(raw: string, finishReason: FinishReason | null): ParsedReply;
}

/**
 * The layout for an engine and a task. Replies: an engine that reuses its KV cache between chat
 * calls (WebLLM, `promptCache: 'chat'`) gets `chat`; raw completion otherwise (CPU engine, whose
 * prefix cache suits the single layout's growing prompt; an endpoint with raw completion
 * switched on) gets `single`, whose prompt ends in `Name: "`; chat-only engines get `chat`. Continue and impersonate use `single` wherever raw completion exists: the prompt
 * ends inside the open turn.
 */
export function chooseLayout(capabilities: EngineCapabilities, task: PromptTask['kind'] = 'reply'): LayoutId {
  if (task !== 'reply') return capabilities.rawCompletion ? 'single' : 'chat';
  if (capabilities.promptCache === 'chat') return 'chat';
  return capabilities.rawCompletion ? 'single' : 'chat';
}

/**
 * Where notes inserted into the history go on an engine: with the newest turn where the engine
 * keeps a cache between calls (WebLLM reuses its KV cache only while every earlier message is
 * unchanged, so an insertion that moves back one exchange each turn would cost a full prefill
 * every turn; the CPU engine's prefix cache would re-read everything after it), at their depth
 * where every call reads the whole prompt anyway (a server).
 */
export function insertionPlacement(capabilities: EngineCapabilities): InsertAt {
  return capabilities.promptCache === 'none' ? 'depth' : 'newest';
}

/** The chat's reply form: the chat's own choice, else the persona's, else what its card suggests. */
export function replyFormOf(persona: Persona, chatForm?: ReplyForm): ReplyForm {
  return chatForm ?? persona.replyForm ?? suggestFormFor(persona);
}

/**
 * The card's example scenes when they go into the system prompt: when written in the chat's form
 * they take at most {@link EXAMPLES_IN_PROMPT_SHARE} of the context window (its token limit). Longer examples are left to
 * retrieval, which picks a few character turns per turn (never both).
 */
export function examplesForPrompt(persona: Persona, form: ReplyForm, counter: TokenCounter, contextWindow: number): ExampleScene[] {
  const scenes = parseExampleDialogue(persona.sampleDialogues, namesOf(persona));
  if (scenes.length === 0) return [];
  const text = examplesSection(scenes, speakersOf(persona), form);
  return counter.count(text) <= contextWindow * EXAMPLES_IN_PROMPT_SHARE ? scenes : [];
}

type Range = { min: number; max: number; minExclusive?: boolean; integer?: boolean };

const RANGES: Record<keyof SamplingOptions, Range> = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1, minExclusive: true },
  topK: { min: 0, max: 1000, integer: true },
  repetitionPenalty: { min: 0, max: 2, minExclusive: true },
  presencePenalty: { min: -2, max: 2 },
  frequencyPenalty: { min: -2, max: 2 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER, integer: true },
};

/**
 * Sampling for a role-play reply: {@link QWEN_SAMPLING_DEFAULTS} overridden by every value the
 * persona sets.
 * @throws ValidationError when a persona value is out of range (e.g. temperature 5).
 */
export function resolveSampling(persona: SamplingOptions): SamplingOptions {
  const sampling: SamplingOptions = { ...QWEN_SAMPLING_DEFAULTS };
  for (const key of Object.keys(RANGES) as (keyof SamplingOptions)[]) {
    const value = persona[key];
    if (value === undefined) continue;
    const r = RANGES[key];
    const low = r.minExclusive ? value <= r.min : value < r.min;
    if (!Number.isFinite(value) || low || value > r.max || (r.integer && !Number.isInteger(value))) {
      const limits = { min: r.min, max: r.max };
      const bound = r.integer
        ? msg(r.minExclusive ? 'prompt.error.sampling.wholeAbove' : 'prompt.error.sampling.wholeAtLeast', limits)
        : msg(r.minExclusive ? 'prompt.error.sampling.above' : 'prompt.error.sampling.atLeast', limits);
      throw new ValidationError('invalid', msg('prompt.error.sampling', { key, value, bound }));
    }
    sampling[key] = value;
  }
  return sampling;
}

/** The turns a task's prompt holds, and the continued turn's text. */
function taskHistory(input: PromptInput): { turns: Message[]; task: PromptTask } {
  const active = activeSummaries(input.summaries);
  const uncovered = input.history.filter((m) => isPromptTurn(m) && !isCovered(m.seq, active));
  if (input.task.kind !== 'continue') return { turns: uncovered, task: input.task };
  const last = uncovered.at(-1);
  if (!last || last.role !== 'assistant') {
    throw new ValidationError('invalid', msg('prompt.error.nothingToContinue'));
  }
  return { turns: uncovered.slice(0, -1), task: { kind: 'continue', text: last.text } };
}

function readerFor(task: PromptTask, ctx: ReadContext): BuiltPrompt['read'] {
  if (task.kind === 'continue') {
    return (raw, finish) => {
      const turn = readContinuation(raw, finish, { ...ctx, before: task.text });
      return { text: turn.text, raw: turn.raw, interruptReason: turn.interruptReason, ended: turn.ended };
    };
  }
  if (task.kind === 'impersonate') {
    return (raw, finish) => {
      const r = readUserTurn(raw, finish, ctx);
      return { text: r.text, raw: r.raw, interruptReason: r.interruptReason, ended: r.ended };
    };
  }
  return (raw, finish) => {
    const r = readReply(raw, finish, ctx);
    return { text: r.text, raw: r.raw, interruptReason: r.interruptReason, ended: r.ended };
  };
}

/**
 * Builds the prompt for a task: the persona core (byte-stable), the card's examples when they
 * fit, the scene summaries in force, every turn they do not cover, this turn's notes and the
 * post-history instructions, in the layout that suits the engine. When the turns overflow the
 * budget (a summary is pending or failed), the oldest ones are left out of this prompt only;
 * storage is never touched.
 * @throws ValidationError when the history does not fit the task or sampling is invalid.
 */
export function buildPrompt(input: PromptInput): BuiltPrompt {
  const { persona, counter, form, group } = input;
  const ablation = input.ablation ?? {};
  const speakers = group ? groupSpeakers(persona, group) : speakersOf(persona);
  const { turns, task } = taskHistory(input);
  const layout = chooseLayout(input.engine.capabilities, task.kind);
  const examples = ablation.examples === false || ablation.plain || group ? [] : examplesForPrompt(persona, form, counter, input.contextWindow);
  const coreOptions: PersonaCoreOptions = { original: ablation.plain ? '' : taskText(speakers), ...(input.state ? { state: input.state } : {}) };
  const cast: CastMember[] | undefined = group?.members.map((m) => ({ id: m.persona.id, name: m.persona.name.trim(), form: m.form, present: m.present }));
  const active = activeSummaries(input.summaries);
  const insertAt = insertionPlacement(input.engine.capabilities);
  const steering = steeringOf(input, task, speakers.language);
  const ctx: PromptContext = {
    task,
    speakers,
    form,
    personaCore: ablation.personaCore ?? (group ? groupCore(group, speakers) : renderPersonaCore(persona, coreOptions)),
    examples,
    thinking: input.engine.thinking,
    summaries: active.map((s) => s.text),
    history: turns,
    notes: input.notes,
    systemLore: steering.systemLore,
    insertions: steering.insertions,
    insertAt,
    postHistory: resolvePostHistoryInstructions(persona),
    sampling: resolveSampling(persona.sampling),
    maxTokens: input.maxTokens,
    plain: ablation.plain,
    ...(cast ? { cast } : {}),
  };
  const options = { contextWindow: input.contextWindow };
  let plan = planPrompt(layout, ctx, counter, options);
  const { tokens, plan: full } = plan;
  // Notes, lore and the author's note share the notes' reserve, so the history budget (and the
  // summarizer's signal) does not move from turn to turn with what fired.
  const historyBudget = full.budget - tokens.system - Math.max(tokens.retrieved + tokens.lore + tokens.authorsNote, full.caps.retrieved) - tokens.overhead;
  const turnCost = new Map(turns.map((m, i) => [m.seq, tokens.turns[i] ?? 0]));
  let dropped = 0;
  if (!plan.plan.fits && plan.plan.overflowTurns > 0) {
    const keep = task.kind === 'reply' ? 1 : 0;
    dropped = Math.min(plan.plan.overflowTurns, Math.max(0, turns.length - keep));
    while (dropped < turns.length - keep && turns[dropped]?.role !== 'user') dropped++;
    ctx.history = turns.slice(dropped);
    plan = planPrompt(layout, ctx, counter, options);
  }
  const built = buildRequest(layout, ctx);
  return {
    ...built,
    plan,
    droppedTurns: dropped,
    sentSeqs: ctx.history.map((m) => (m as Message).seq),
    historyBudget: Math.max(0, historyBudget),
    turnCost,
    examplesInPrompt: examples.length > 0,
    insertAt,
    ...(steering.note ? { authorsNote: steering.note } : {}),
    why: [
      ...(input.lore ? whyFromLore(input.lore, insertAt === 'newest') : []),
      ...(steering.note ? [whyOfAuthorsNote(steering.note, insertAt === 'newest')] : []),
    ],
    read: readerFor(task, { ...speakers, form, prefixed: built.prefixed }),
  };
}

/**
 * The speakers of a group chat's prompt: the one speaking now, the user as the host gives it, the
 * host's language (the system message's words must not change with the speaker), and the other
 * characters, whose lines end this one's turn.
 */
function groupSpeakers(persona: Persona, group: GroupInput): Speakers {
  const host = group.members[0]?.persona ?? persona;
  const name = persona.name.trim();
  const others = group.members.map((m) => m.persona.name.trim()).filter((n) => n !== name);
  return { ...speakersOf(host), name, others };
}

/**
 * A group chat's system part: its task paragraph, then each present character's card under its
 * name (the card's own system prompt is left out: it speaks to one character alone). It does not
 * depend on who speaks, so it stays byte-identical from turn to turn.
 */
function groupCore(group: GroupInput, speakers: Speakers): string {
  const present = group.members.filter((m) => m.present);
  const cards = present.map((m) => `# ${m.persona.name.trim()}\n${renderPersonaCore({ ...m.persona, systemPrompt: '' }, { original: '' }).trim()}`);
  return [
    groupTaskText(
      present.map((m) => m.persona.name.trim()),
      speakers,
    ),
    ...cards,
  ].join('\n\n');
}

/**
 * Where this turn's lore and author's note go (lore notes in the prompt's `language`: a group
 * chat's is its host's, whoever speaks): entries before and after the character into the
 * system message; `at-depth` entries into the history at their depth; the author's note — on its
 * turns — at its depth with the `before-note` and `after-note` entries around it (those come on
 * every turn they fire, at the note's depth, also when the note does not).
 */
function steeringOf(
  input: PromptInput,
  task: PromptTask,
  language: PersonaLanguage,
): { systemLore: PromptContext['systemLore']; insertions: Insertion[]; note?: { text: string; depth: number } } {
  const placed = input.lore?.placed ?? [];
  const at = (position: string) => placed.filter((l) => l.position === position);
  const asNote = (l: (typeof placed)[number]): Insertion => ({ depth: l.depth, kind: 'lore', text: loreNote(l.text, language) });
  const note = input.authorsNote;
  const depth = note ? Math.max(0, Math.floor(note.depth)) : DEFAULT_NOTE_DEPTH;
  const turn = input.history.filter((m) => m.role === 'user').length + (task.kind === 'impersonate' ? 1 : 0);
  const text = note && noteDue(note, turn) ? personaText(note.text, namesOf(input.persona)) : '';
  const insertions: Insertion[] = [
    ...at('at-depth').map(asNote),
    ...at('before-note').map((l) => ({ ...asNote(l), depth })),
    ...(text === '' ? [] : [{ depth, kind: 'authors-note' as const, text }]),
    ...at('after-note').map((l) => ({ ...asNote(l), depth })),
  ];
  return {
    systemLore: { before: at('before-character').map((l) => l.text), after: at('after-character').map((l) => l.text) },
    insertions,
    ...(text === '' ? {} : { note: { text, depth } }),
  };
}

/** What the chat's prompt strategy reads from the outside, per turn. */
export interface PromptStrategyDeps {
  /** The Qwen tokenizer (loaded once, lazily). */
  counter: () => Promise<TokenCounter>;
  /** The chat's summary memories. */
  summaries: () => Promise<readonly Memory[]>;
  /** The chat's reply form. */
  form: (persona: Persona) => ReplyForm;
  /**
   * This turn's notes (retrieval); none by default. `examplesInPrompt`: retrieval must not pick the
   * card's examples; `lore`: what fired this turn (nothing retrieved repeats it); `task`: what the
   * prompt is for (a reply, continuing one, or drafting the user's line).
   */
  notes?: (
    persona: Persona,
    history: readonly Message[],
    examplesInPrompt: boolean,
    lore: LoreActivation | undefined,
    task: PromptTask['kind'],
  ) => Promise<string[]>;
  /** This turn's lore (see core/lore/activation.ts); `insertAt` says where entries for the history will go. */
  lore?: (persona: Persona, history: readonly Message[], insertAt: InsertAt) => Promise<LoreActivation>;
  /** The author's note in force for the chat (its own, else the persona's default). */
  authorsNote?: (persona: Persona) => AuthorsNote | undefined;
  /** The character's mood and closeness in the chat (see {@link PromptInput.state}). */
  state?: () => PersonaState | undefined;
  /** A group chat's characters (see {@link GroupInput}); unset or undefined for a one-to-one chat. */
  group?: () => GroupInput | undefined;
  contextWindow: number;
  maxTokens: number;
  /** Receives every reply prompt (for the context meter and the summarizer's budget). */
  onPrompt?: (prompt: BuiltPrompt) => void;
}

/**
 * The EGOS Generate step as the chat's ReplyStrategy: the chat's reply form, the layout that
 * suits the engine, exact budgets. Continue and impersonate are budgeted the same way.
 */
export function createPromptStrategy(deps: PromptStrategyDeps): ReplyStrategy {
  let counter: TokenCounter | null = null;

  async function prepare(task: PromptTask['kind'], persona: Persona, history: Message[], engine: EngineFacts): Promise<PreparedReply> {
    counter ??= cachedCounter(await deps.counter());
    const form = deps.form(persona);
    const group = deps.group?.();
    const examplesInPrompt = !group && examplesForPrompt(persona, form, counter, deps.contextWindow).length > 0;
    const lore = await deps.lore?.(persona, history, insertionPlacement(engine.capabilities));
    const [summaries, notes] = await Promise.all([deps.summaries(), deps.notes?.(persona, history, examplesInPrompt, lore, task) ?? Promise.resolve([])]);
    const authorsNote = deps.authorsNote?.(persona);
    const prompt = buildPrompt({
      task: task === 'continue' ? { kind: 'continue', text: '' } : { kind: task },
      persona,
      form,
      history,
      summaries,
      notes,
      ...(lore ? { lore } : {}),
      ...(authorsNote ? { authorsNote } : {}),
      state: deps.state?.(),
      ...(group ? { group } : {}),
      engine,
      counter,
      contextWindow: deps.contextWindow,
      maxTokens: deps.maxTokens,
    });
    if (task === 'reply') deps.onPrompt?.(prompt);
    return { request: prompt.request, userSent: task === 'reply' ? prompt.userSent : undefined, promptTokens: prompt.plan.tokens.total, parse: prompt.read };
  }

  return {
    prepare: (persona, history, engine) => prepare('reply', persona, history, engine),
    prepareContinue: (persona, history, engine) => prepare('continue', persona, history, engine),
    prepareImpersonate: (persona, history, engine) => prepare('impersonate', persona, history, engine),
  };
}
