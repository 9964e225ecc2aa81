/**
 * Test tool: a scripted role-play chat run through the product's own code on any LlmEngine —
 * the prompt strategy (core/prompt), the reply loop (generateReply, with its reader-driven end of
 * a line), and the background steps after each reply (scene summaries, facts, the mood) with the
 * same scheduling the chat session uses (core/conversation/background-work.ts). The model is
 * scripted: before each engine call the run tells `script` what the model writes (the turn's
 * reply, or JSON for a background step). Used by the WebLLM contract tests and the layouts
 * benchmark. Never shipped.
 */
import { backgroundDecision } from '../../src/core/conversation/background-work.ts';
import { extractChatFacts } from '../../src/core/conversation/extract-chat-facts.ts';
import { generateReply, type ReplyOutcome } from '../../src/core/conversation/generate-reply.ts';
import { summarizeChat, summaryDue } from '../../src/core/conversation/summarize-chat.ts';
import { addUserMessage, startChat } from '../../src/core/conversation/turn-actions.ts';
import { factsDue } from '../../src/core/memory/facts-memory.ts';
import type { CompletionEvent, CompletionRequest, LlmEngine } from '../../src/core/llm-engine.ts';
import type { Memory } from '../../src/core/memory/memory.ts';
import type { Message } from '../../src/core/message.ts';
import type { Persona, ReplyForm } from '../../src/core/persona/index.ts';
import {
  applyStateUpdate,
  buildStateUpdateRequest,
  initialPersonaState,
  parseStateUpdate,
  shouldUpdateState,
  type PersonaState,
} from '../../src/core/persona/index.ts';
import { collectText } from '../../src/core/llm-output.ts';
import { createPromptStrategy, replyFormOf, type BuiltPrompt } from '../../src/core/prompt/build.ts';
import { groupFields, nextSpeaker } from '../../src/core/group-chat.ts';
import type { WorldBook } from '../../src/core/lore/world-book.ts';
import type { AuthorsNote } from '../../src/core/persona/index.ts';
import { authorsNoteOf } from '../../src/core/prompt/authors-note.ts';
import { loreNote } from '../../src/core/prompt/notes.ts';
import { chatLore } from '../../src/state/chat/chat-lore.ts';
import { NO_SUMMARY_FAILURES, type SummaryRetryState } from '../../src/core/summarize/summary-retry.ts';
import { activeSummaries } from '../../src/core/summarize/summary-coverage.ts';
import type { TokenCounter } from '../../src/core/token-counter.ts';
import { createMemoryRepository } from './memory-repository.ts';

/** One turn of the script: the user's line, this turn's notes, and what the model writes back. */
export interface ScriptedTurn {
  user: string;
  notes?: string[];
  /** The model's output for the reply (it may misbehave: run on, write the user's line, …). */
  reply: string;
  /** The user presses Stop after the first streamed text. */
  stop?: boolean;
}

/** What a call to the engine was for. */
export type CallPurpose = 'reply' | 'summary' | 'facts' | 'mood';

export interface ChatRunOptions {
  engine: LlmEngine;
  /** The persona, with the user's name filled in. */
  persona: Persona;
  form: ReplyForm;
  counter: TokenCounter;
  contextWindow: number;
  maxTokens: number;
  turns: readonly ScriptedTurn[];
  /** Tells the scripted model what it writes on the coming call. */
  script(output: string, purpose: CallPurpose): void;
  /** Hears of each turn as it completes (for measurements). */
  onTurn?(record: TurnRecord): void | Promise<void>;
  /**
   * World books attached to the chat and the chat's author's note, run through the chat's own
   * lore step (state/chat/chat-lore.ts). `loreAsNotes`: the lore that fires goes into this turn's
   * notes, as every entry did before world-info positions existed.
   */
  steering?: { books?: readonly WorldBook[]; authorsNote?: AuthorsNote; loreAsNotes?: boolean };
  /**
   * A group chat: these characters (the first is `persona`, the host), each in its own reply form;
   * who answers each line goes by list order, and after the turns `forcedAfter` names another
   * character speaks too with no user line (its Speak button). The scripted replies are written
   * under the speaker's name.
   */
  group?: { members: readonly Persona[]; forcedAfter?: (turn: number) => boolean };
}

/** What happened in one turn. */
export interface TurnRecord {
  turn: number;
  prompt: BuiltPrompt;
  outcome: ReplyOutcome;
  /** The reply as stored. */
  reply: Message;
  /** Background steps that ran after this reply, in order. */
  background: CallPurpose[];
  /** Time spent building the reply's prompt (retrieval excluded: notes are scripted). */
  buildMs: number;
}

export interface ChatRunResult {
  messages: Message[];
  summaries: Memory[];
  state: PersonaState;
  /** Every engine call in order, with its purpose. */
  calls: CallPurpose[];
}

/** What the scripted model answers to a background request: well-formed JSON of the right shape. */
function backgroundAnswer(purpose: Exclude<CallPurpose, 'reply'>, request: CompletionRequest): string {
  const input = request.input.kind === 'chat' ? request.input.messages.map((m) => m.content).join('\n') : request.input.prompt;
  if (purpose === 'mood') return JSON.stringify({ mood: 'calm', closenessChange: 0, reason: 'Nothing changed much.' });
  if (purpose === 'facts') return JSON.stringify({ facts: [] });
  const lines = input
    .split('\n')
    .filter((l) => /[:：]/.test(l))
    .slice(-12);
  const facts = lines.filter((_, i) => i % 3 === 0).map((l) => l.replace(/\s+/g, ' ').slice(0, 90));
  return JSON.stringify({ topic: 'An evening at the lighthouse', facts, promises: [], names: [], numbers: [] });
}

/**
 * The scripted reply as the model writes it for this prompt: after a raw prompt that already ends
 * in `Name: "` (or `Name:`) the model writes only the rest — a line's speech without a leading
 * action, which cannot come after the opening quote.
 */
function replyFor(request: CompletionRequest, reply: string): string {
  if (request.input.kind !== 'prompt') return reply;
  const open = /[^\n]*?[:：]\s*["「]?$/.exec(request.input.prompt)?.[0] ?? '';
  const rest = reply.replace(/^[^:：\n]{1,40}[:：]\s*/, '');
  if (!/["「]$/.test(open)) return ` ${rest}`;
  const quote = rest.search(/["「]/);
  return quote >= 0 ? rest.slice(quote + 1) : rest;
}

function purposeOf(request: CompletionRequest): CallPurpose {
  const schema = request.responseFormat ? JSON.stringify(request.responseFormat.schema) : '';
  if (schema === '') return 'reply';
  if (schema.includes('closenessChange')) return 'mood';
  if (schema.includes('"facts"') && schema.includes('"about"')) return 'facts';
  return 'summary';
}

/**
 * Runs the script: starts the chat (greeting), then per turn stores the user's line, streams the
 * reply through the prompt strategy, and runs the background steps the session would run.
 */
export async function runChat(options: ChatRunOptions): Promise<ChatRunResult> {
  const repo = createMemoryRepository();
  let clock = 1;
  const now = () => ++clock;
  const calls: CallPurpose[] = [];
  let current: ScriptedTurn | null = null;
  const base = options.engine;
  const engine: LlmEngine = {
    get id() {
      return base.id;
    },
    get capabilities() {
      return base.capabilities;
    },
    get modelId() {
      return base.modelId;
    },
    get thinking() {
      return base.thinking;
    },
    load: (id, o) => base.load(id, o),
    unload: () => base.unload(),
    stream(request: CompletionRequest, signal?: AbortSignal): AsyncIterable<CompletionEvent> {
      const purpose = purposeOf(request);
      calls.push(purpose);
      const reply = (current?.reply ?? '').replace(/^[^:：\n]{1,40}(?=[:：])/, speakerName);
      options.script(purpose === 'reply' ? replyFor(request, reply) : backgroundAnswer(purpose, request), purpose);
      return base.stream(request, signal);
    },
  };

  const group = options.group;
  const started = await startChat({ ...repo, now }, options.persona, undefined, group ? groupFields(group.members.map((p) => p.id)) : undefined);
  let speakerName = options.persona.name;
  const steering = options.steering ?? {};
  for (const book of steering.books ?? []) await repo.books.put(book);
  const chat = { ...started.chat, bookIds: (steering.books ?? []).map((b) => b.id), ...(steering.authorsNote ? { authorsNote: steering.authorsNote } : {}) };
  await repo.chats.put(chat);
  const loreServices = { repo, loadTokenCounter: async () => options.counter };
  let summaries: Memory[] = [];
  let retry: SummaryRetryState = NO_SUMMARY_FAILURES;
  let state = initialPersonaState(options.persona.language);
  let lastPrompt: BuiltPrompt | null = null;
  let userTurnsSinceFacts = 0;
  let waited = 0;
  let buildMs = 0;
  const prompts = createPromptStrategy({
    counter: async () => options.counter,
    summaries: async () => summaries,
    form: (persona) => (group ? replyFormOf(persona) : options.form),
    ...(group ? { group: () => ({ members: group.members.map((persona) => ({ persona, form: replyFormOf(persona), present: true })) }) } : {}),
    notes: async (persona, history) => {
      if (!steering.loreAsNotes || !steering.books) return [...(current?.notes ?? [])];
      const fired = await chatLore(loreServices, persona, chat, history, {
        insertAt: 'newest',
        contextWindow: options.contextWindow,
        summaries: activeSummaries(summaries),
      });
      return [...fired.placed.map((l) => loreNote(l.text, persona.language)), ...(current?.notes ?? [])];
    },
    ...(steering.books && !steering.loreAsNotes
      ? {
          lore: (persona, history, insertAt) =>
            chatLore(loreServices, persona, chat, history, { insertAt, contextWindow: options.contextWindow, summaries: activeSummaries(summaries) }),
        }
      : {}),
    authorsNote: (persona) => authorsNoteOf(chat, persona),
    state: () => (group ? undefined : state),
    contextWindow: options.contextWindow,
    maxTokens: options.maxTokens,
    onPrompt: (p) => (lastPrompt = p),
  });
  const strategy: typeof prompts = {
    ...prompts,
    async prepare(persona, history, facts) {
      const t0 = performance.now();
      const prepared = await prompts.prepare(persona, history, facts);
      buildMs = performance.now() - t0;
      return prepared;
    },
  };

  for (const [i, turn] of options.turns.entries()) {
    current = turn;
    await addUserMessage({ ...repo, now }, chat, turn.user);
    const history = await repo.messages.listByChat(chat.id);
    const stop = new AbortController();
    const speaker = group ? (group.members.find((p) => p.id === nextSpeaker(chat, group.members, history, () => 0)) ?? options.persona) : options.persona;
    speakerName = speaker.name;
    const replyOptions = {
      messages: repo.messages,
      engine,
      strategy,
      now,
      signal: stop.signal,
      onUpdate: (m: Message) => {
        if (turn.stop && m.text !== '') stop.abort();
      },
    };
    let outcome = await generateReply(chat, speaker, history, replyOptions);
    if (group?.forcedAfter?.(i + 1) && outcome.message.status === 'complete') {
      // Another character speaks after this one, with no user line: the next in the list.
      const after = await repo.messages.listByChat(chat.id);
      const next = group.members[(group.members.findIndex((p) => p.id === speaker.id) + 1) % group.members.length] ?? speaker;
      speakerName = next.name;
      outcome = await generateReply(chat, next, after, { ...replyOptions, signal: undefined });
    }
    const messages = await repo.messages.listByChat(chat.id);
    const prompt = lastPrompt as BuiltPrompt | null;
    if (!prompt) throw new Error('chat-run: the strategy built no prompt');
    const background: CallPurpose[] = [];
    if (outcome.message.status === 'complete') {
      userTurnsSinceFacts++;
      const replies = messages.filter((m) => m.role === 'assistant' && m.seq > 0 && m.status === 'complete').length;
      const due = {
        summary: summaryDue({
          messages,
          summaries,
          counter: options.counter,
          budgetTokens: prompt.historyBudget,
          measureTurn: (m) => prompt.turnCost.get(m.seq) ?? options.counter.count(m.text) + 8,
          retry,
        }),
        facts: factsDue(userTurnsSinceFacts),
        mood: !group && shouldUpdateState(replies, state.lastUpdateTurn),
      };
      const decision = backgroundDecision({ promptCache: engine.capabilities.promptCache, due, cacheWarm: outcome.cleanEnd === true, waited });
      if (decision === 'wait') waited++;
      if (decision === 'run') {
        waited = 0;
        if (due.summary) {
          background.push('summary');
          const result = await summarizeChat({
            chat,
            persona: options.persona,
            messages,
            summaries,
            engine,
            counter: options.counter,
            budgetTokens: prompt.historyBudget,
            measureTurn: (m) => prompt.turnCost.get(m.seq) ?? options.counter.count(m.text) + 8,
            retry,
            save: async (memory) => {
              summaries = [...summaries, memory];
            },
            now,
          });
          retry = result.retry;
        }
        if (due.facts) {
          background.push('facts');
          const window = Math.min(24, Math.max(8, 2 * userTurnsSinceFacts));
          userTurnsSinceFacts = 0;
          await extractChatFacts({ engine, persona: options.persona, chat, messages, window, existing: [], now: now() });
        }
        if (due.mood) {
          background.push('mood');
          const recent = messages.filter((m) => m.status === 'complete').slice(-24);
          const answer = await collectText(engine, buildStateUpdateRequest(options.persona, state, recent));
          state = applyStateUpdate(state, parseStateUpdate(answer.text, state), { at: now(), turnSeq: replies });
        }
      }
    }
    const reply = messages.at(-1) as Message;
    await options.onTurn?.({ turn: i + 1, prompt, outcome, reply, background, buildMs });
  }
  return { messages: await repo.messages.listByChat(chat.id), summaries, state, calls };
}

const EN = [
  'The fog came in early tonight, thicker than anything I have seen this autumn.',
  'Did you hear the bell from the harbour, or was that only the wind?',
  'My grandfather kept a logbook of every ship that passed, and I still read it on quiet evenings.',
  'I fixed the hinge on the lantern room door, so it no longer screams when the storm pushes it.',
  'There is bread on the table and tea in the blue pot, help yourself.',
  'The ferry captain told me the lower pier will be closed until the repairs are finished next Tuesday.',
  'Why do you keep looking at the old map as if it could change overnight?',
  'I counted forty-two gulls on the rocks this morning, which is strange for this time of year.',
  'If the lamp fails again we will have to climb up with the spare mantle and a torch.',
  'You promised to show me the cove where the wreck of the Mary Ellen lies.',
  'Some nights I think the sea is talking, and I am the only one awake enough to listen.',
  'Let us check the oil before the light goes on, it was low yesterday.',
];
const ZH = [
  '今晚的雾来得特别早，比这个秋天任何一次都要浓。',
  '你刚才听见港口那边的钟声了吗，还是只是风声？',
  '我祖父把经过的每一艘船都记在本子上，我到现在还常常翻看。',
  '灯塔上那扇门的铰链我已经修好了，暴风雨再来也不会吱吱作响。',
  '桌上有面包，蓝色的壶里还有热茶，你自己倒吧。',
  '渡船的船长说，下码头要一直关到下周二修好为止。',
  '你为什么一直盯着那张旧地图，好像它一夜之间会变似的？',
  '今天早上我在礁石上数到了四十二只海鸥，这个季节很少见。',
  '要是灯再灭了，我们就得带着备用灯罩和手电爬上去。',
  '你答应过要带我去看玛丽·艾伦号沉船所在的那个小海湾。',
];
const ACTIONS = { en: ['smiles', 'looks out of the window', 'sets down the lamp', 'frowns'], zh: ['笑了笑', '望向窗外', '放下油灯', '皱起眉头'] };
const NARRATION = {
  en: ['She wipes the salt from the glass.', 'The wind rattles the shutters.', 'She pours two cups of tea.'],
  zh: ['她擦去玻璃上的盐霜。', '风把百叶窗吹得咯咯作响。', '她倒了两杯茶。'],
};
const NOTES = [
  'World: the lighthouse was built in 1887; the lamp is lit at dusk and put out at dawn.',
  '设定：灯塔在1887年建成，黄昏点灯，黎明熄灯。',
  'Remembered: the user once said they are afraid of deep water.',
  'World: the wreck of the Mary Ellen lies in the north cove, visible at low tide.',
];

/** Ways a small model misbehaves, injected at chosen turns. */
export type Misbehaviour = 'run-on' | 'user-line' | 'stop' | 'long';

/** A scripted turn with what the chat must show for it. */
export interface ExpectedTurn extends ScriptedTurn {
  /** The reply text the user must see. */
  shown: string;
  /** Text the model wrote beyond its turn: never shown, never sent back. */
  hidden?: string;
  misbehaviour?: Misbehaviour;
}

/** Small deterministic PRNG (mulberry32) so every run has the same conversation. */
export function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A deterministic script of `turns` exchanges in mixed English and Chinese (`zhShare` of the
 * sentences Chinese), written as a small model writes a `form` reply (`Name: "…"` or prose),
 * with notes on every third turn and the given misbehaviours.
 */
export function scriptTurns(options: {
  name: string;
  userName: string;
  language: 'en' | 'zh';
  form: ReplyForm;
  turns: number;
  zhShare: number;
  seed?: number;
  misbehave?: ReadonlyMap<number, Misbehaviour>;
}): ExpectedTurn[] {
  const rand = prng(options.seed ?? 20251122);
  const lang = options.language;
  const [open, close, colon, gap] = lang === 'zh' ? ['「', '」', '：', ''] : ['"', '"', ': ', ' '];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const sentences = (min: number, max: number) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    return Array.from({ length: n }, () => pick(rand() < options.zhShare ? ZH : EN)).join(lang === 'zh' ? '' : ' ');
  };
  const out: ExpectedTurn[] = [];
  for (let turn = 1; turn <= options.turns; turn++) {
    const misbehaviour = options.misbehave?.get(turn);
    const speech = misbehaviour === 'long' ? sentences(14, 16) : sentences(1, 3);
    let body: string;
    if (options.form === 'line') {
      const action = rand() < 0.25 ? `*${pick(ACTIONS[lang])}*${gap}` : '';
      body = `${action}${open}${speech}${close}`;
      out.push({ user: sentences(1, 2), reply: '', shown: `${action}${speech}` });
    } else {
      const second = sentences(1, 1);
      body = `*${pick(NARRATION[lang])}*${gap}${open}${speech}${close}\n\n*${pick(NARRATION[lang])}*${gap}${open}${second}${close}`;
      out.push({ user: sentences(1, 2), reply: '', shown: body });
    }
    const t = out.at(-1) as ExpectedTurn;
    if (turn % 3 === 0) t.notes = [NOTES[turn % NOTES.length] as string];
    t.reply = `${options.name}${colon}${body}`;
    if (misbehaviour === 'run-on') {
      // Narration after the speech: beyond a line's turn, but part of a scene.
      const more = lang === 'zh' ? '她说完便转身走向窗边，又补充了几句。' : ' She turns to the window and goes on talking about the sea.';
      t.reply += more;
      if (options.form === 'scene') t.shown += more;
      else t.hidden = more.trim();
    }
    if (misbehaviour === 'user-line') {
      const line = `${options.userName}${colon}${open}${lang === 'zh' ? '等等，什么？' : 'Wait, what?'}${close}`;
      t.reply += `\n${line}`;
      t.hidden = line;
    }
    if (misbehaviour === 'stop') t.stop = true;
    if (misbehaviour && !(misbehaviour === 'run-on' && options.form === 'scene')) t.misbehaviour = misbehaviour;
  }
  return out;
}
