/**
 * Default model: `Xenova/multilingual-e5-small` (384 dims, q8 ~118 MB). Chinese and English
 * are both first-class (trained on ~100 languages; C-MTEB retrieval 60.0, and strong on English
 * MTEB), which suits personas that mix both. `Xenova/bge-small-zh-v1.5` is smaller (~24 MB) and
 * a little better on Chinese-only retrieval, but it is Chinese-first and weaker on English text,
 * so it is offered as an alternative profile rather than the default.
 */
export const DEFAULT_EMBEDDING_MODEL_ID = 'Xenova/multilingual-e5-small';

/** How a model family wants its input and output handled. */
export interface EmbeddingModelProfile {
  /** Text put before a search query (e5: `query: `). */
  queryPrefix: string;
  /** Text put before a stored passage (e5: `passage: `). */
  passagePrefix: string;
  /** Token pooling: mean over tokens (e5, MiniLM) or the first token (bge). */
  pooling: 'mean' | 'cls';
  /** Vector width when known before loading; 0 when only the loaded config tells. */
  dimensions: number;
}

const E5: EmbeddingModelProfile = { queryPrefix: 'query: ', passagePrefix: 'passage: ', pooling: 'mean', dimensions: 0 };
const BGE_ZH: EmbeddingModelProfile = { queryPrefix: '为这个句子生成表示以用于检索相关文章：', passagePrefix: '', pooling: 'cls', dimensions: 0 };
const PLAIN: EmbeddingModelProfile = { queryPrefix: '', passagePrefix: '', pooling: 'mean', dimensions: 0 };

const KNOWN: { pattern: RegExp; profile: EmbeddingModelProfile; dimensions: number }[] = [
  { pattern: /multilingual-e5-small/i, profile: E5, dimensions: 384 },
  { pattern: /multilingual-e5-base/i, profile: E5, dimensions: 768 },
  { pattern: /(^|\/)e5-/i, profile: E5, dimensions: 0 },
  { pattern: /bge-small-zh/i, profile: BGE_ZH, dimensions: 512 },
  { pattern: /bge-base-zh/i, profile: BGE_ZH, dimensions: 768 },
];

/**
 * The profile of a model id: e5 models get `query: `/`passage: ` prefixes and mean pooling,
 * bge-zh models the Chinese query instruction and CLS pooling, anything else plain mean pooling.
 */
export function profileFor(modelId: string): EmbeddingModelProfile {
  const known = KNOWN.find((k) => k.pattern.test(modelId));
  return known ? { ...known.profile, dimensions: known.dimensions } : { ...PLAIN };
}

/** Puts the profile's prefix for `purpose` before each text. */
export function withPrefix(texts: readonly string[], purpose: 'query' | 'passage', profile: EmbeddingModelProfile): string[] {
  const prefix = purpose === 'query' ? profile.queryPrefix : profile.passagePrefix;
  return texts.map((t) => prefix + t);
}
