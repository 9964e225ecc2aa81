/**
 * Prompt layouts over a scripted 200-turn chat, on every engine path, in both reply forms, with
 * the real background work (scene summaries, facts, mood) in the loop and scheduled as the chat
 * session schedules it. The WebLLM path runs the real @mlc-ai/web-llm engine (contract harness:
 * the library's own engine, KV-reuse rule, stop handling and think blocks; fake GPU; real Qwen
 * tokenizer), driven through the app's own WebLLM adapter. The other paths count with the real
 * tokenizer what their cache rule makes them read: the CPU engine's llama.cpp prefix cache, and
 * a server that keeps nothing. The model is scripted (mixed English/Chinese), and misbehaves as
 * small models do on a few turns: a reply cut by the length limit (57), the user's Stop (90), a
 * line that runs on after its closing quote (120), a reply that starts writing the user's line
 * (160).
 */
import { loadQwenTokenizer } from '../../src/adapters/qwen-tokenizer/index.ts';
import { WebLlmEngine } from '../../src/adapters/webllm/webllm-engine.ts';
import type { PersonaId } from '../../src/core/ids.ts';
import type { LlmEngine } from '../../src/core/llm-engine.ts';
import { createWorldBook, newLoreEntry, type BookId, type WorldBook } from '../../src/core/lore/world-book.ts';
import { createPersona, type AuthorsNote, type LorePosition, type ReplyForm } from '../../src/core/persona/index.ts';
import { cachedCounter } from '../../src/core/prompt/budget.ts';
import { formatTurn } from '../../src/core/prompt/reply-form.ts';
import type { TokenCounter } from '../../src/core/token-counter.ts';
import { runChat, scriptTurns, type CallPurpose, type Misbehaviour } from '../support/chat-run.ts';
import { PrefixCacheEngine } from '../support/prefix-cache-engine.ts';
import { createWebLlmHarness } from '../support/webllm-harness/webllm-harness.ts';

export const name = 'Prompt layouts: what each reply reads over a 200-turn chat, background work included';

const TURNS = 200;
const MAX_TOKENS = 256;
const MISBEHAVE = new Map<number, Misbehaviour>([
  [57, 'long'],
  [90, 'stop'],
  [120, 'run-on'],
  [160, 'user-line'],
]);

interface Scenario {
  label: string;
  language: 'en' | 'zh';
  form: ReplyForm;
  thinking: boolean;
  webllmModel: string;
  name: string;
  userName: string;
  zhShare: number;
}

const SCENARIOS: Scenario[] = [
  {
    label: 'en line, Qwen2.5',
    language: 'en',
    form: 'line',
    thinking: false,
    webllmModel: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    name: 'Maren',
    userName: 'Tom',
    zhShare: 0.3,
  },
  {
    label: 'en scene, Qwen2.5',
    language: 'en',
    form: 'scene',
    thinking: false,
    webllmModel: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    name: 'Maren',
    userName: 'Tom',
    zhShare: 0.3,
  },
  {
    label: 'zh line, Qwen3',
    language: 'zh',
    form: 'line',
    thinking: true,
    webllmModel: 'Qwen3-1.7B-q4f16_1-MLC',
    name: '林晚',
    userName: '阿远',
    zhShare: 0.7,
  },
  {
    label: 'zh scene, Qwen3',
    language: 'zh',
    form: 'scene',
    thinking: true,
    webllmModel: 'Qwen3-1.7B-q4f16_1-MLC',
    name: '林晚',
    userName: '阿远',
    zhShare: 0.7,
  },
];

type Path = 'webllm (chat layout)' | 'cpu (single layout, prefix cache)' | 'endpoint chat (no cache)' | 'endpoint raw (single, no cache)';
const PATHS: Path[] = ['webllm (chat layout)', 'cpu (single layout, prefix cache)', 'endpoint chat (no cache)', 'endpoint raw (single, no cache)'];

/** A stand-in persona core of realistic size (~400 tokens). */
function personaFor(sc: Scenario) {
  const en = sc.language === 'en';
  return createPersona(
    {
      name: sc.name,
      language: sc.language,
      description: en
        ? 'Keeper of the North Point lighthouse, 34, lives alone with a grey cat. Calm, dry humour, stubborn about safety, warm once trusted. Short sentences, sea metaphors, never swears, asks questions back. A coastal town in 1962: knows ships, weather and radio, nothing of later technology.'
        : '北角灯塔的看守人，三十四岁，和一只灰猫住在一起。沉稳，说话带点冷幽默，对安全问题很固执，熟了以后很温暖。说话简短，爱用大海打比方，从不骂人，喜欢反问。生活在1962年的海边小镇：懂船、天气和无线电，不知道后来的科技。',
      attributes: {
        identity: en ? 'lighthouse keeper' : '灯塔看守人',
        interests: en ? 'ships, radio, old logbooks' : '船、无线电、旧航海日志',
        viewpoints: '',
        experiences: en ? 'Her grandfather kept the light before her.' : '她的祖父在她之前守着这座灯塔。',
        achievements: '',
        relationships: en ? 'Tide, a grey cat' : '灰猫潮汐',
        other: '',
      },
      greeting: en ? '*She looks up from the logbook.* "You came."' : '*她从航海日志上抬起头。*「你来了。」',
      sampleDialogues: en
        ? '<START>\n{{user}}: Is the lamp always this loud?\n{{char}}: *She taps the housing.* "Loud? This is a lullaby."'
        : '<START>\n{{user}}：灯一直这么响吗？\n{{char}}：*她敲了敲灯罩。*「响？这是摇篮曲。」',
      user: { name: sc.userName, description: '' },
      replyForm: sc.form,
    },
    'p' as PersonaId,
    1,
  );
}

interface PathEngine {
  engine: LlmEngine;
  script: (output: string) => void;
  /** Per engine call since the start: tokens read, and whether it was a reply. */
  prefilled(call: number): number;
  completion(call: number): number;
  /** The call read its whole prompt (WebLLM: no KV reuse; the others: nothing of the prompt was cached). */
  fresh(call: number): boolean;
}

async function enginePath(path: Path, sc: Scenario): Promise<PathEngine> {
  if (path === 'webllm (chat layout)') {
    const harness = await createWebLlmHarness();
    const engine = new WebLlmEngine({ library: async () => harness.library, createWorker: () => harness.createWorker() });
    await engine.load(sc.webllmModel);
    return {
      engine,
      script: (output) => harness.setScript(() => output),
      prefilled: (call) => harness.calls[call]?.prefilledTokens ?? 0,
      completion: (call) => harness.calls[call]?.sampledTokens.length ?? 0,
      fresh: (call) => harness.calls[call]?.reusedKv !== true,
    };
  }
  let next = '';
  const cache = path.startsWith('cpu') ? 'prefix' : 'none';
  const engine = new PrefixCacheEngine({ cache, script: () => next, thinking: sc.thinking, rawCompletion: path !== 'endpoint chat (no cache)' });
  await engine.load(sc.webllmModel);
  return {
    engine,
    script: (output) => (next = output),
    prefilled: (call) => engine.calls[call]?.prefilledTokens ?? 0,
    completion: (call) => engine.calls[call]?.completionTokens ?? 0,
    fresh: (call) => (engine.calls[call]?.prefilledTokens ?? 0) >= (engine.calls[call]?.promptTokens ?? 0),
  };
}

/**
 * Steering: a world book whose entries fire on words of the scripted chat (one constant, six on
 * keys, one of them reached by recursion), all at one position; an author's note; or the lore in
 * this turn's notes, as every entry went before world-info positions existed.
 */
interface Steering {
  label: string;
  position?: LorePosition;
  note?: Omit<AuthorsNote, 'text'>;
  loreAsNotes?: boolean;
}

const STEERING: Steering[] = [
  { label: 'none' },
  { label: 'lore in notes (before)', position: 'at-depth', loreAsNotes: true },
  { label: 'lore before the character', position: 'before-character' },
  { label: 'lore after the character', position: 'after-character' },
  { label: 'lore at depth 4', position: 'at-depth' },
  { label: "author's note (depth 4, every turn)", note: { depth: 4, every: 1 } },
  { label: "author's note every 3 turns", note: { depth: 4, every: 3 } },
  { label: 'note + lore around it', position: 'before-note', note: { depth: 4, every: 1 } },
];

/** The scenarios the steering table runs (one per language). */
const STEERING_SCENARIOS = ['en line, Qwen2.5', 'zh line, Qwen3'];

function bookFor(sc: Scenario, position: LorePosition): WorldBook {
  const en = sc.language === 'en';
  const e = (id: string, keys: string[], content: string, extra: Parameters<typeof newLoreEntry>[1] = {}) =>
    newLoreEntry(id, { keys, content, position, depth: 4, ...extra });
  const entries = en
    ? [
        e('coast', [], 'The North Point light stands on a cliff above a cold grey sea; the town below lives from fishing.', { constant: true }),
        e('fog', ['fog'], 'Fog rolls in from the east most autumn nights; the foghorn sounds every thirty seconds until it lifts.'),
        e(
          'grandfather',
          ['grandfather'],
          'Her grandfather Elias kept the light for forty years and wrote every passing ship into his logbook; the Guild still honours him.',
        ),
        e('guild', ['Guild'], "The Lamplighters' Guild inspects the light each spring and pays the keeper's wage."),
        e('mantle', ['spare mantle'], 'The lamp burns paraffin; the spare mantle and the torch are kept in the tin box by the stairs.'),
        e('wreck', ['Mary Ellen', 'wreck'], 'The Mary Ellen sank in the north cove in 1931; at low tide her ribs show above the water.'),
        e('harbour', ['harbour'], 'The harbour master, Old Brann, rings the bell when a boat is overdue.'),
      ]
    : [
        e('coast', [], '北角灯塔立在悬崖上，俯瞰冰冷的灰色大海，山下的小镇靠打鱼为生。', { constant: true }),
        e('fog', ['雾'], '秋天的夜里，雾常常从东边涌来；雾散之前，雾笛每三十秒响一次。'),
        e('grandfather', ['祖父'], '她的祖父伊莱亚斯守了四十年灯塔，把每一艘经过的船都记进航海日志；灯塔行会至今还记得他。'),
        e('guild', ['行会'], '点灯人行会每年春天来检查灯塔，并发给看守人工钱。'),
        e('mantle', ['备用灯罩'], '灯烧的是煤油；备用灯罩和手电放在楼梯旁的铁皮盒里。'),
        e('wreck', ['沉船', '玛丽'], '玛丽·艾伦号1931年沉在北边的小海湾；退潮时能看见她的船骨。'),
        e('harbour', ['港口'], '港务长老布兰在有船逾期未归时会敲钟。'),
      ];
  return createWorldBook({ name: en ? 'North Point' : '北角', entries }, 'north-point' as BookId, 1);
}

function noteFor(sc: Scenario, note: Omit<AuthorsNote, 'text'>): AuthorsNote {
  const text =
    sc.language === 'en'
      ? 'Keep the mood quiet and tense; {{char}} hides her worry about the lamp from {{user}}.'
      : '保持安静而紧张的气氛；{{char}}不让{{user}}看出她在担心那盏灯。';
  return { text, ...note };
}

interface Row {
  path: Path;
  layout: string;
  scenario: string;
  prefill: number[];
  own: number[];
  resets: number;
  summaryPasses: number;
  backgroundCalls: number;
  backgroundPrefill: number;
  buildMs: number[];
  /** Per turn: tokens of lore and the author's note in the prompt (wherever they went). */
  steered: number[];
}

async function run(path: Path, sc: Scenario, counter: TokenCounter, steer: Steering = { label: 'none' }): Promise<Row> {
  const p = await enginePath(path, sc);
  const persona = personaFor(sc);
  const turns = scriptTurns({
    name: sc.name,
    userName: sc.userName,
    language: sc.language,
    form: sc.form,
    turns: TURNS,
    zhShare: sc.zhShare,
    misbehave: MISBEHAVE,
  });
  const purposes: CallPurpose[] = [];
  const row: Row = {
    path,
    layout: '',
    scenario: sc.label,
    prefill: [],
    own: [],
    resets: 0,
    summaryPasses: 0,
    backgroundCalls: 0,
    backgroundPrefill: 0,
    buildMs: [],
    steered: [],
  };
  await runChat({
    engine: p.engine,
    persona,
    form: sc.form,
    counter,
    contextWindow: 4096,
    maxTokens: MAX_TOKENS,
    turns,
    steering: {
      ...(steer.position ? { books: [bookFor(sc, steer.position)] } : {}),
      ...(steer.note ? { authorsNote: noteFor(sc, steer.note) } : {}),
      ...(steer.loreAsNotes ? { loreAsNotes: true } : {}),
    },
    script: (output, purpose) => {
      purposes.push(purpose);
      p.script(output);
    },
    onTurn: (record) => {
      row.layout = record.prompt.layout;
      const call = purposes.lastIndexOf('reply');
      const turn = turns[record.turn - 1];
      const notes = turn?.notes ?? [];
      const notesTokens = notes.length === 0 ? 0 : counter.count(notes.join('\n')) + 12;
      row.steered.push(record.prompt.plan.tokens.lore + record.prompt.plan.tokens.authorsNote);
      row.prefill.push(p.prefilled(call));
      row.own.push(notesTokens + counter.count(formatTurn(sc.userName, turn?.user ?? '', sc.form, sc.language)) + p.completion(call));
      row.buildMs.push(record.buildMs);
      if (record.background.includes('summary')) row.summaryPasses++;
    },
  });
  const replyCalls = purposes.flatMap((x, i) => (x === 'reply' ? [i] : []));
  row.resets = path === 'webllm (chat layout)' ? replyCalls.filter((c, i) => i === 0 || p.prefilled(c) > row.own[i]! * 4).length : 0;
  purposes.forEach((x, i) => {
    if (x === 'reply') return;
    row.backgroundCalls++;
    row.backgroundPrefill += p.prefilled(i);
  });
  return row;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const p95 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);

export default async function (): Promise<void> {
  const counter = cachedCounter(await loadQwenTokenizer());
  // `LAYOUTS_TABLE=group npm run bench -- layouts` runs only the group-chat table.
  if (process.env['LAYOUTS_TABLE'] === 'group') return groupTable(counter);
  const rows: string[][] = [];
  for (const path of PATHS) {
    for (const sc of SCENARIOS) {
      const r = await run(path, sc, counter);
      const last = (xs: number[]) => xs.slice(-20);
      rows.push([
        path,
        r.layout,
        r.scenario,
        f0(mean(r.prefill)),
        f0(p95(r.prefill)),
        f0(mean(last(r.prefill))),
        f0(mean(last(r.own))),
        f2(mean(last(r.prefill)) / mean(last(r.own))),
        f2(mean(r.prefill) / mean(r.own)),
        path === 'webllm (chat layout)' ? String(r.resets) : '-',
        String(r.summaryPasses),
        String(r.backgroundCalls),
        f0(r.backgroundPrefill / TURNS),
        f2(mean(r.buildMs)),
        f2(p95(r.buildMs)),
      ]);
    }
  }
  const head = [
    'engine path',
    'layout',
    'scenario',
    'reply prefill/turn mean',
    'p95',
    'mean t181-200',
    'own t181-200',
    'ratio t181-200',
    'ratio all',
    'full prefills (webllm)',
    'summary passes',
    'background calls',
    'background prefill/turn',
    'build ms mean',
    'build ms p95',
  ];
  console.log([head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  console.log(
    `\n${TURNS} turns per run, window 4096, replies up to ${MAX_TOKENS} tokens; notes every 3rd turn; misbehaviours at turns ${[...MISBEHAVE.entries()].map(([t, m]) => `${t} (${m})`).join(', ')}.` +
      '\nreply prefill = tokens the engine read for the reply (WebLLM: what the real library prefilled; cpu: after the common prefix with the previous call; endpoints: the whole prompt).' +
      '\nown = the new turn itself: its notes + the user line + the reply. ratio = reply prefill / own.' +
      '\nfull prefills (webllm) = replies that read their whole prompt (the first, after each summary pass, after background work, after a misbehaving reply).' +
      '\nbackground = scene summaries, facts and mood calls, scheduled as the chat schedules them; their prefill is the engine reading while you read the reply, not added to the reply.' +
      '\nbuild ms = building the reply prompt (exact token counts, cached counter).',
  );
  await steeringTable(counter);
  await groupTable(counter);
}

/** Two more characters for the group table: a scene writer and a line speaker, with cards of realistic size. */
function castFor(sc: Scenario) {
  const host = personaFor(sc);
  const en = sc.language === 'en';
  const other = (id: string, name: string, description: string, form: ReplyForm) =>
    createPersona({ name, language: sc.language, description, user: { name: sc.userName, description: '' }, replyForm: form }, id as PersonaId, 1);
  return [
    host,
    other(
      'tobin',
      en ? 'Tobin' : '托宾',
      en
        ? 'The harbour cook, 50, loud and kind, feeds every sailor who comes through the door, tells long stories about storms he never saw, hates fog.'
        : '港口的厨子，五十岁，嗓门大、心肠好，给每个进门的水手做饭，爱讲他没见过的暴风雨的故事，讨厌雾。',
      'scene',
    ),
    other(
      'ada',
      en ? 'Ada' : '阿黛',
      en
        ? 'A young radio operator, 22, precise and quick, keeps the weather log, speaks in clipped sentences and numbers.'
        : '年轻的无线电员，二十二岁，精确、利落，记天气日志，说话简短，爱报数字。',
      'line',
    ),
  ];
}

interface GroupVariant {
  label: string;
  group: boolean;
  forcedAfter?: (turn: number) => boolean;
}

const GROUP_VARIANTS: GroupVariant[] = [
  { label: 'one character', group: false },
  { label: 'three characters, list order', group: true },
  { label: 'three, and one made to speak after every 4th reply', group: true, forcedAfter: (turn) => turn % 4 === 0 },
];

/**
 * Group chats: the same 200 lines answered by one character, by three in turn (each in its own
 * form: a line, a scene, a line), and by three with an extra character turn (no user line) after
 * every 4th reply. Counts every reply call: what it read, and on WebLLM how many read their whole
 * prompt.
 */
async function groupTable(counter: TokenCounter): Promise<void> {
  const rows: string[][] = [];
  for (const path of PATHS) {
    for (const sc of SCENARIOS.filter((x) => STEERING_SCENARIOS.includes(x.label))) {
      for (const variant of GROUP_VARIANTS) {
        const p = await enginePath(path, sc);
        const cast = castFor(sc);
        const turns = scriptTurns({
          name: sc.name,
          userName: sc.userName,
          language: sc.language,
          form: sc.form,
          turns: TURNS,
          zhShare: sc.zhShare,
          misbehave: MISBEHAVE,
        });
        const purposes: CallPurpose[] = [];
        let summaryPasses = 0;
        await runChat({
          engine: p.engine,
          persona: cast[0]!,
          form: sc.form,
          counter,
          contextWindow: 4096,
          maxTokens: MAX_TOKENS,
          turns,
          ...(variant.group ? { group: { members: cast, ...(variant.forcedAfter ? { forcedAfter: variant.forcedAfter } : {}) } } : {}),
          script: (output, purpose) => {
            purposes.push(purpose);
            p.script(output);
          },
          onTurn: (record) => {
            if (record.background.includes('summary')) summaryPasses++;
          },
        });
        const replies = purposes.flatMap((x, i) => (x === 'reply' ? [i] : []));
        const prefill = replies.map((c) => p.prefilled(c));
        rows.push([
          path,
          sc.label,
          variant.label,
          String(replies.length),
          f0(mean(prefill)),
          f0(p95(prefill)),
          path === 'webllm (chat layout)' ? String(replies.filter((c) => p.fresh(c)).length) : '-',
          String(summaryPasses),
        ]);
      }
    }
  }
  const head = ['engine path', 'scenario', 'characters', 'reply calls', 'reply prefill/call mean', 'p95', 'full prefills (webllm)', 'summary passes'];
  console.log(`\n### Group chats\n`);
  console.log([head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  console.log(
    '\nThe same 200 user lines; in a group the next character in the list answers each (Maren: line, Tobin: scene, Ada: line). The system message holds all three cards and does not change with the speaker; a character turn with no user line is cued by a short user message kept with the reply.',
  );
}

/**
 * The same runs with a world book at each position and with an author's note: what each reply
 * reads, and how many replies read their whole prompt on WebLLM, next to no steering and to the
 * lore in this turn's notes (how all lore went before positions existed).
 */
async function steeringTable(counter: TokenCounter): Promise<void> {
  const rows: string[][] = [];
  for (const path of PATHS) {
    for (const sc of SCENARIOS.filter((x) => STEERING_SCENARIOS.includes(x.label))) {
      for (const steer of STEERING) {
        const r = await run(path, sc, counter, steer);
        rows.push([
          path,
          sc.label,
          steer.label,
          f0(mean(r.prefill)),
          f0(p95(r.prefill)),
          f2(mean(r.prefill) / mean(r.own)),
          path === 'webllm (chat layout)' ? String(r.resets) : '-',
          String(r.summaryPasses),
          f0(mean(r.steered)),
        ]);
      }
    }
  }
  const head = [
    'engine path',
    'scenario',
    'steering',
    'reply prefill/turn mean',
    'p95',
    'ratio all',
    'full prefills (webllm)',
    'summary passes',
    'lore + note tokens/turn',
  ];
  console.log(`\n### World info and the author's note\n`);
  console.log([head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n'));
  console.log(
    `\nA world book of 7 entries (1 constant, 6 on words of the script, one reached by recursion), all at the position named; an author's note of ~20 tokens at depth 4.` +
      '\nWebLLM and the CPU engine keep a cache: entries for the history and the note ride with the newest turn there; the servers get them at their depth.' +
      "\nlore + note tokens/turn = lore and the note in the prompt as measured (in the system message, this turn's notes or the history); 0 in the notes row, where lore counts as notes.",
  );
}
