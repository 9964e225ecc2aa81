/**
 * Deterministic synthetic memories for the retrieval benchmark: mixed Chinese/English facts,
 * scene summaries and source chunks of realistic lengths, Zipf-distributed vocabulary, and
 * random L2-normalised vectors.
 */
import type { ChatId, MemoryId, PersonaId } from '../../src/core/ids.ts';
import type { Memory, MemoryKind } from '../../src/core/memory/memory.ts';

/** Seeded PRNG (mulberry32), returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN_BASE = (
  'i you she he we they my your her his our their said asked remember told loves hates wants ' +
  'sword letter garden river mountain city village castle temple market winter summer night morning ' +
  'mother father sister brother friend teacher king queen soldier merchant doctor child stranger ' +
  'promise secret journey battle festival storm fire rain snow moon star tea wine bread song book ' +
  'walked found lost gave took met left returned waited laughed cried fought travelled wrote read ' +
  'old young quiet angry gentle brave tired happy afraid strange beautiful dark bright cold warm ' +
  'because after before while during until again never always often yesterday tomorrow together alone'
).split(' ');

const ZH_BASE = (
  '我 你 她 他 我们 他们 说 问 记得 告诉 喜欢 讨厌 想要 剑 信 花园 河 山 城市 村子 城堡 寺庙 市场 冬天 夏天 ' +
  '晚上 早上 母亲 父亲 姐姐 哥哥 朋友 老师 国王 王后 士兵 商人 医生 孩子 陌生人 承诺 秘密 旅程 战斗 节日 ' +
  '暴风雨 火 雨 雪 月亮 星星 茶 酒 面包 歌 书 走 找到 丢了 给 拿 遇见 离开 回来 等待 笑 哭 打 旅行 写 读 ' +
  '老 年轻 安静 生气 温柔 勇敢 累 开心 害怕 奇怪 美丽 黑暗 明亮 冷 温暖 因为 之后 以前 一起 独自 昨天 明天'
).split(' ');

const SYLLABLES = 'ka ri to mo na shi lu ven dor el ar is an wen tha mir sol bre gan fel or ith'.split(' ');
const HANZI = Array.from(new Set('天地人和春风月光山水云雪花草木石金玉龙凤长安东西南北青红白黑明清远近高深海林田心言书画诗酒茶琴棋剑马车门窗灯火江湖'));

function buildVocab(base: string[], extra: number, make: (r: () => number) => string, r: () => number): string[] {
  const words = [...base];
  const seen = new Set(words);
  while (words.length < base.length + extra) {
    const w = make(r);
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

/** Draws a Zipf(1)-distributed rank in [0, n) via a precomputed cumulative table. */
function zipfSampler(n: number, r: () => number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) cdf[i] = sum += 1 / (i + 1);
  return () => {
    const x = r() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Generates sentences in English or Chinese of roughly `chars` characters. */
export class TextGenerator {
  readonly #r: () => number;
  readonly #en: string[];
  readonly #zh: string[];
  readonly #enRank: () => number;
  readonly #zhRank: () => number;

  constructor(seed: number) {
    this.#r = seededRandom(seed);
    const r = this.#r;
    const syl = (): string => SYLLABLES[Math.floor(r() * SYLLABLES.length)]!;
    const han = (): string => HANZI[Math.floor(r() * HANZI.length)]!;
    this.#en = buildVocab(EN_BASE, 6000, () => syl() + syl() + (r() < 0.5 ? syl() : ''), r);
    this.#zh = buildVocab(ZH_BASE, Math.min(1500, (HANZI.length * HANZI.length) >> 1), () => han() + han(), r);
    this.#enRank = zipfSampler(this.#en.length, r);
    this.#zhRank = zipfSampler(this.#zh.length, r);
  }

  /** A random float in [0, 1). */
  random(): number {
    return this.#r();
  }

  /** Text of about `chars` characters in one language. */
  text(chars: number, zh: boolean): string {
    let out = '';
    while (out.length < chars) out += zh ? this.#zhSentence() : this.#enSentence();
    return out.trim();
  }

  #enSentence(): string {
    const n = 6 + Math.floor(this.#r() * 12);
    const words = Array.from({ length: n }, () => this.#en[this.#enRank()]!);
    const s = words.join(' ');
    return s.charAt(0).toUpperCase() + s.slice(1) + '. ';
  }

  #zhSentence(): string {
    const n = 5 + Math.floor(this.#r() * 10);
    return Array.from({ length: n }, () => this.#zh[this.#zhRank()]!).join('') + (this.#r() < 0.7 ? '，' : '。');
  }
}

/** A random L2-normalised vector. */
export function randomUnitVector(dims: number, r: () => number): Float32Array {
  const v = new Float32Array(dims);
  let sum = 0;
  for (let i = 0; i < dims; i++) {
    const x = r() * 2 - 1;
    v[i] = x;
    sum += x * x;
  }
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < dims; i++) v[i]! *= inv;
  return v;
}

const KIND_MIX: Array<{ kind: MemoryKind; share: number; chars: [number, number] }> = [
  { kind: 'fact', share: 0.4, chars: [30, 90] },
  { kind: 'summary', share: 0.3, chars: [200, 600] },
  { kind: 'source-chunk', share: 0.3, chars: [350, 420] },
];

/** `n` memories of one persona over `chats` chats (facts/summaries chat-level, chunks persona-level). */
export function generateMemories(n: number, dims: number, model: string, seed = 1, chats = 20): Memory[] {
  const gen = new TextGenerator(seed);
  const now = Date.UTC(2025, 0, 1);
  const out: Memory[] = [];
  for (let i = 0; i < n; i++) {
    let x = gen.random();
    const mix = KIND_MIX.find((m) => (x -= m.share) < 0) ?? KIND_MIX[0]!;
    const chars = mix.chars[0] + Math.floor(gen.random() * (mix.chars[1] - mix.chars[0]));
    const at = now - Math.floor(gen.random() * 90 * 86400_000);
    out.push({
      id: `m${i}` as MemoryId,
      personaId: 'p1' as PersonaId,
      chatId: mix.kind === 'source-chunk' ? undefined : (`c${i % chats}` as ChatId),
      kind: mix.kind,
      text: gen.text(chars, gen.random() < 0.5),
      importance: 1 + Math.floor(gen.random() * 10),
      pinned: gen.random() < 0.002,
      createdAt: at,
      updatedAt: at,
      lastAccessedAt: at,
      accessCount: Math.floor(gen.random() * 4),
      embedding: { model, vector: randomUnitVector(dims, () => gen.random()) },
    });
  }
  return out;
}
