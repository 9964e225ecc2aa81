/**
 * Prompt layouts over a scripted 200-turn chat: tokens prefilled per turn (WebLLM's KV-reuse
 * rule, real Qwen3 tokenizer), cache resets and prompt-building time. Deterministic script of
 * mixed Chinese/English lines; the summaries are stand-in text of realistic length (the real
 * summarizer is a model call, not part of this measurement).
 */
import { loadQwenTokenizer } from '../../src/adapters/qwen-tokenizer/index.ts';
import { cachedCounter, planPrompt } from '../../src/core/budget/index.ts';
import {
  chatLayout,
  formatLine,
  parseReply,
  renderNotesSection,
  singleLayout,
  type HistoryMessage,
  type PromptContext,
  type PromptLayout,
  type Speakers,
} from '../../src/core/generate/index.ts';
import type { TokenCounter } from '../../src/core/token-counter.ts';
import { KvReuseEngine } from '../support/kv-reuse-engine.ts';
import { collect } from '../support/scripted-engine.ts';

export const name = 'Prompt layouts: prefill per turn over a 200-turn chat';

const TURNS = 200;
const MAX_TOKENS = 256;
const LONG_REPLY_TURNS = new Set([57, 143]);
const ABORT_TURNS = new Set([90]);

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
  'I do not trust that merchant, he asked too many questions about the cellar.',
  'The radio crackled for an hour and then a voice said a name I did not recognise.',
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
  '有些夜里我觉得大海在说话，而只有我醒着在听。',
  '在点灯之前先检查一下油吧，昨天就已经不多了。',
  '我不太相信那个商人，他问了太多关于地窖的事情。',
  '收音机响了一个小时的杂音，然后有个声音说了一个我不认识的名字。',
];
const ACTIONS = { en: ['smiles', 'looks out of the window', 'sets down the lamp', 'frowns'], zh: ['笑了笑', '望向窗外', '放下油灯', '皱起眉头'] };
const NOTES = [
  'The lighthouse was built in 1887; the lamp is lit at dusk and put out at dawn.',
  '灯塔在1887年建成，黄昏点灯，黎明熄灯。',
  'The user once said they are afraid of deep water.',
  '用户曾提到自己小时候在这个港口住过三年。',
  'The wreck of the Mary Ellen lies in the north cove, visible at low tide.',
];

/** Small deterministic PRNG (mulberry32) so every run prints the same conversation. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Scenario {
  label: string;
  speakers: Speakers;
  core: string;
  modelId: string;
  zhShare: number;
}

const SCENARIOS: Scenario[] = [
  {
    label: 'en persona, Qwen2.5',
    speakers: { name: 'Alice', userName: 'Me', language: 'en' },
    core: coreText('Alice', EN, 'en'),
    modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
    zhShare: 0.3,
  },
  {
    label: 'zh persona, Qwen3',
    speakers: { name: '林晚', userName: '阿远', language: 'zh' },
    core: coreText('林晚', ZH, 'zh'),
    modelId: 'Qwen3-1.7B-q4f16_1-MLC',
    zhShare: 0.7,
  },
];

/** A stand-in persona core of realistic size (~400 tokens); the real one is rendered elsewhere. */
function coreText(who: string, bank: string[], lang: Speakers['language']): string {
  const facts = bank.slice(0, 8).join(' ');
  return `[Character]\nName: ${who}\nIdentity: keeper of the North Point lighthouse, 34, lives alone with a grey cat.\nPersonality: calm, dry humour, stubborn about safety, warm once trusted.\nSpeaking style: short sentences, sea metaphors, never swears, asks questions back.\nBackground: ${facts}\nKnowledge boundary: a coastal town in 1962; knows ships, weather and radio, nothing of later technology.\n[Sample lines]\n${bank.slice(8, 12).map((l) => formatLine(who, l, lang)).join('\n')}`;
}

function sentences(rand: () => number, zhShare: number, min: number, max: number): string {
  const n = min + Math.floor(rand() * (max - min + 1));
  const parts: string[] = [];
  for (let i = 0; i < n; i++) {
    const bank = rand() < zhShare ? ZH : EN;
    parts.push(bank[Math.floor(rand() * bank.length)] as string);
  }
  return parts.join(' ');
}

/** What the model outputs for each layout: the speech after `Name: "` (single) or the whole line (chat). */
function scriptedOutput(turn: number, rand: () => number, sc: Scenario, layout: PromptLayout): string {
  const lang = sc.speakers.language;
  const long = LONG_REPLY_TURNS.has(turn);
  let speech = sentences(rand, sc.zhShare, long ? 14 : 1, long ? 16 : 3);
  if (rand() < 0.25) speech = `*${ACTIONS[lang][Math.floor(rand() * 4)]}* ${speech}`;
  const close = lang === 'zh' ? '」' : '"';
  return layout.id === 'single' ? `${speech}${close}` : formatLine(sc.speakers.name, speech, lang);
}

/** Stand-in scene summary: labelled lines built from the block, ~120–200 tokens. */
function standInSummary(block: readonly HistoryMessage[], level: number): string {
  const gist = block.filter((_, i) => i % 3 === 0).map((m) => m.text.replace(/\*[^*]*\*/g, '').slice(0, 36).trim());
  return `Topic: (stand-in level-${level} summary of ${block.length} messages)\nFacts: ${gist.join('; ').slice(0, 420)}`;
}

interface TurnStat {
  prefilled: number;
  own: number;
  buildMs: number;
}

interface RunResult {
  stats: TurnStat[];
  resets: number;
  summaries: number;
  summarizerPrefill: number;
  maxSegmentDrift: number;
}

async function runConversation(sc: Scenario, layout: PromptLayout, counter: TokenCounter): Promise<RunResult> {
  const count = cachedCounter(counter);
  const rand = prng(20251122);
  const replyRand = prng(7);
  const engine = new KvReuseEngine({
    counter,
    script: (_req, call) => ({ text: scriptedOutput(call + 1, replyRand, sc, layout), abort: ABORT_TURNS.has(call + 1) }),
  });
  await engine.load(sc.modelId);
  let history: HistoryMessage[] = [{ role: 'assistant', text: sentences(rand, sc.zhShare, 2, 2), status: 'complete' }];
  let summaries: string[] = [];
  const result: RunResult = { stats: [], resets: 0, summaries: 0, summarizerPrefill: 0, maxSegmentDrift: 0 };

  for (let turn = 1; turn <= TURNS; turn++) {
    const user: HistoryMessage = { role: 'user', text: sentences(rand, sc.zhShare, 1, 2), status: 'complete' };
    history.push(user);
    const retrieved = turn % 3 === 0 ? [NOTES[turn % NOTES.length] as string] : [];
    const ctxOf = (): PromptContext => ({
      speakers: sc.speakers,
      personaCore: sc.core,
      modelId: sc.modelId,
      summaries,
      history,
      retrieved,
      sampling: {},
      maxTokens: MAX_TOKENS,
    });

    const t0 = performance.now();
    let { plan } = planPrompt(layout, ctxOf(), count);
    let summarizerMs = 0;
    if (plan.summarize) {
      const s0 = performance.now();
      const block = history.slice(0, plan.summarize.turns);
      result.summarizerPrefill += plan.summarize.tokens + 150;
      const next = [...summaries, standInSummary(block, 0)];
      summaries = plan.summariesOverflow || next.length > 3 ? [standInSummary(history.slice(0, plan.summarize.turns), 1)] : next;
      history = history.slice(plan.summarize.turns);
      result.summaries++;
      summarizerMs = performance.now() - s0;
      ({ plan } = planPrompt(layout, ctxOf(), count));
    }
    if (!plan.fits) history = history.slice(plan.overflowTurns);
    const ctx = ctxOf();
    const built = layout.build(ctx);
    const buildMs = performance.now() - t0 - summarizerMs;

    if (turn % 20 === 0) {
      const segs = layout.segments(ctx);
      const whole = counter.count(segs.map((s) => s.text).join(''));
      const parts = segs.reduce((n, s) => n + counter.count(s.text), 0);
      result.maxSegmentDrift = Math.max(result.maxSegmentDrift, Math.abs(whole - parts));
    }

    history[history.length - 1] = { ...user, raw: built.userSent };
    const out = await collect(engine.stream(built.request));
    const parsed = parseReply(out.text, out.finishReason, { ...sc.speakers, prefixed: built.prefixed });
    history.push({ role: 'assistant', text: parsed.text, raw: parsed.raw, status: parsed.interruptReason ? 'interrupted' : 'complete' });

    const call = engine.calls.at(-1);
    if (!call) throw new Error('the engine recorded no call');
    const own = count.count(renderNotesSection(retrieved, sc.speakers)) + count.count(formatLine(sc.speakers.userName, user.text, sc.speakers.language)) + call.completionTokens;
    result.stats.push({ prefilled: call.prefilledTokens, own, buildMs });
  }
  result.resets = engine.cacheResets;
  return result;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))] ?? 0;
const f0 = (x: number) => x.toFixed(0);
const f2 = (x: number) => x.toFixed(2);

export default async function (): Promise<void> {
  const counter = await loadQwenTokenizer();
  const rows: string[][] = [];
  for (const sc of SCENARIOS) {
    for (const layout of [singleLayout, chatLayout]) {
      const r = await runConversation(sc, layout, counter);
      const pre = r.stats.map((s) => s.prefilled);
      const own = r.stats.map((s) => s.own);
      const ms = r.stats.map((s) => s.buildMs);
      const last20 = r.stats.slice(-20);
      const at200 = r.stats.at(-1);
      rows.push([
        layout.id,
        sc.label,
        f0(mean(pre)),
        f0(p95(pre)),
        f0(at200?.prefilled ?? 0),
        f0(mean(last20.map((s) => s.prefilled))),
        f0(mean(own)),
        f0(mean(last20.map((s) => s.own))),
        f2(mean(last20.map((s) => s.prefilled)) / mean(last20.map((s) => s.own))),
        f2(mean(pre) / mean(own)),
        String(pre.reduce((a, b) => a + b, 0)),
        String(r.resets),
        String(r.summaries),
        String(r.summarizerPrefill),
        f2(mean(ms)),
        f2(p95(ms)),
        String(r.maxSegmentDrift),
      ]);
    }
  }
  const head = [
    'layout',
    'scenario',
    'prefill/turn mean',
    'p95',
    '@turn 200',
    'mean t181-200',
    'own tok/turn mean',
    'own t181-200',
    'ratio t181-200',
    'ratio all',
    'total prefilled',
    'cache resets',
    'summaries',
    'summarizer prefill (est.)',
    'build ms mean',
    'build ms p95',
    'segment drift',
  ];
  const table = [head, head.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
  console.log(table);
  console.log(
    `\n${TURNS} turns per run; replies cut by max tokens at turns ${[...LONG_REPLY_TURNS].join(', ')}, aborted at ${[...ABORT_TURNS].join(', ')}; notes every 3rd turn.` +
      '\nown tok = the new turn itself: its notes + the user line + the reply. ratio = prefilled / own.' +
      '\ncache resets = calls prefilled from scratch (first call included). Summaries are stand-in text (no model call);' +
      '\nthe summarizer prefill column estimates what the real summarizer would prefill (block + ~150 instruction tokens), not included in prefill/turn.' +
      '\nbuild ms = planPrompt (exact counts, cached) + layout.build, excluding the summarizer. segment drift = max |sum of segment counts − count of whole prompt|.',
  );
}
