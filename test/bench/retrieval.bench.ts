/**
 * Retrieval benchmark (issue 5): per-turn retrieval time with 1k, 10k and 100k stored memories
 * (mixed zh/en facts, summaries and source chunks; 384-dim random unit vectors; all in the
 * searched scope, the worst case), excluding the query's own embedding. Also index build time
 * (segmenting every text) and store/load of the lexical index, with structuredClone standing
 * in for IndexedDB's write and read. Besides wall time it prints process CPU time, which
 * stays meaningful when other processes share the machine.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { ChatId } from '../../src/core/ids.ts';
import type { Memory } from '../../src/core/memory/memory.ts';
import { activateLore, loreSources } from '../../src/core/lore/activation.ts';
import type { LoreEntry } from '../../src/core/persona/index.ts';
import { buildExemplarPool } from '../../src/core/memory/exemplar-pool.ts';
import { MemoryIndex, type SearchMode, type StoredLexicalIndex } from '../../src/core/memory/memory-index.ts';
import { DEFAULT_STOPWORDS } from '../../src/core/memory/stopwords.ts';
import { retrieveForTurn } from '../../src/core/memory/retrieve-for-turn.ts';
import { noteBudgets } from '../../src/core/prompt/budget.ts';
import { generateMemories, randomUnitVector, seededRandom, TextGenerator } from './retrieval-data.ts';
import { approxBytes, p50p95, quantile, timed, timeEach, wallCpu, type CallTimes } from './retrieval-stats.ts';

type Timing = { ms: number; cpu: number };

export const name = 'retrieval: lexical, dense and hybrid memory search';

const DIMS = 384;
const MODEL = 'bench-embedder';
const CHAT = 'c0' as ChatId;
const NOW = Date.UTC(2025, 0, 2);
const SIZES = [1_000, 10_000, 100_000];
const TARGETS: Record<number, number> = { 10_000: 10, 100_000: 60 };

interface Query {
  text: string;
  userLine: string;
  vector: Float32Array;
}

function queries(count: number): Query[] {
  const gen = new TextGenerator(4242);
  const r = seededRandom(77);
  return Array.from({ length: count }, (_, i) => {
    const zh = i % 2 === 0;
    const previous = gen.text(60 + Math.floor(gen.random() * 120), zh);
    const userLine = gen.text(20 + Math.floor(gen.random() * 60), zh);
    return { text: `${previous}\n${userLine}`, userLine, vector: randomUnitVector(DIMS, r) };
  });
}

const LORE_KEYS = ['sword', 'river', 'castle', 'temple', 'winter', 'queen', '城市', '寺庙', '冬天', '王后', '秘密', '旅程'];
const LORE: LoreEntry[] = LORE_KEYS.map((key, i) => ({
  id: `lore-${i}`,
  keys: [key],
  secondaryKeys: [],
  selective: false,
  content: `Lore about ${key}: a paragraph of background the character knows about ${key}.`,
  enabled: true,
  constant: i === 0,
  caseSensitive: false,
  insertionOrder: i,
  extra: {},
}));

const countTokens = { id: 'approx', count: (s: string) => Math.ceil(s.length / 2) };
const persona = {
  name: 'Li Bai',
  user: { name: 'Mia', description: '' },
  lore: LORE,
  sampleDialogues: Array.from(
    { length: 60 },
    (_, i) => `Mia: "Question ${i} about wine and the moon?"\nLi Bai: "Answer ${i}: the moon over the river, a cup of wine."`,
  ).join('\n'),
};

function searchTimes(index: MemoryIndex, qs: readonly Query[], mode: SearchMode): CallTimes {
  return timeEach(qs, (q) => index.search({ text: q.text, vector: q.vector, mode, chatId: CHAT, k: 18, now: NOW, kinds: ['fact', 'summary', 'lore'] }));
}

/** Builds from text and serialises; the built index goes out of scope on return. */
function buildAndStore(memories: Memory[]): { built: Timing; stored: Timing & { value: StoredLexicalIndex } } {
  const built = timed(() => MemoryIndex.build(memories, { embeddingModel: MODEL }));
  const stored = timed(() => structuredClone(built.value.serializeLexical()));
  return { built, stored };
}

async function benchSize(n: number): Promise<string[]> {
  const memories = generateMemories(n, DIMS, MODEL, 1, 1);
  const bigrams = timed(() => MemoryIndex.build(memories, { embeddingModel: MODEL, segment: { cjkBigrams: true, stopwords: DEFAULT_STOPWORDS } }).size);
  const { built, stored } = buildAndStore(memories);
  const loaded = timed(() => MemoryIndex.build(memories, { embeddingModel: MODEL, lexical: structuredClone(stored.value) }));
  const qs = queries(n >= 100_000 ? 60 : 200);
  const lexical = searchTimes(loaded.value, qs, 'lexical');
  const dense = searchTimes(loaded.value, qs, 'dense');
  const hybrid = searchTimes(loaded.value, qs, 'hybrid');
  const pool = buildExemplarPool(persona, loaded.value, CHAT);
  const budgets = noteBudgets(4096);
  const turn = timeEach(qs, (q) => {
    const lore = activateLore({
      sources: loreSources(persona.lore, [], []),
      messages: [q.text, q.userLine],
      seed: `${CHAT}:1`,
      names: { char: persona.name, user: persona.user.name },
      counter: countTokens,
      budget: budgets.lore,
      contextWindow: 4096,
    });
    return retrieveForTurn({
      index: loaded.value,
      chatId: CHAT,
      persona,
      messages: [
        { role: 'assistant', text: q.text },
        { role: 'user', text: q.userLine },
      ],
      vectors: { context: q.vector, userLine: q.vector },
      promptText: [q.text, ...lore.placed.map((l) => l.text)].join('\n'),
      budgets,
      tokenCounter: countTokens,
      now: NOW,
      exemplars: pool,
    });
  });
  const target = TARGETS[n];
  const met = (times: number[]): string => (quantile(times, 0.5) < target! ? 'met' : 'MISSED');
  const verdict = target === undefined ? '' : ` [< ${target}: wall ${met(hybrid.wall)}, CPU ${met(hybrid.cpu)}]`;
  return [
    `| ${n.toLocaleString('en')} | ${wallCpu(built)} | ${wallCpu(bigrams)} | ${wallCpu(stored)} | ${wallCpu(loaded)} | ${(approxBytes(stored.value) / 1e6).toFixed(1)} | ${p50p95(lexical)} | ${p50p95(dense)} | ${p50p95(hybrid)}${verdict} | ${p50p95(turn)} |`,
  ];
}

export default async function (): Promise<void> {
  console.log(`${DIMS}-dim vectors, k=18, candidates=64, all memories in scope. Build/load: wall (CPU) ms; per turn: wall p50 / p95 (CPU p50) ms`);
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${availableParallelism()} cores`,
  );
  console.log('| memories | build | build (CJK bigrams) | serialise | load | lexical MB | lexical | dense | hybrid | full turn |');
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const n of SIZES) for (const row of await benchSize(n)) console.log(row);
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log('build = segment every text + BM25 + pack vectors; serialise = serializeLexical + structuredClone;');
  console.log('load = structuredClone + MemoryIndex.build with the stored lexical index (no segmentation);');
  console.log(
    'full turn = activateLore (12 lore entries) + retrieveForTurn: memories, source chunks, 60 exemplar lines, dedup against the prompt and the lore.',
  );
}
