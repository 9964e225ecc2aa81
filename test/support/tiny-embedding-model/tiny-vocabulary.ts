/**
 * Test tool: the vocabulary and hand-chosen embedding table of the tiny test model. Each
 * dimension is a topic, so texts about the same topic (in English or Chinese) land close
 * together and a retrieval test can assert a ranking.
 */

/** Embedding width of the tiny model. */
export const TINY_DIMENSIONS = 8;

/** What each dimension means. */
const Dim = { animals: 0, food: 1, weather: 2, swords: 3, music: 4, common: 5, query: 6, passage: 7 } as const;

/** Special tokens, in id order (ids 0..4). */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const TOPICS: Record<'animals' | 'food' | 'weather' | 'swords' | 'music', string[]> = {
  animals: ['cat', 'dog', 'pet', 'kitten', '猫', '狗', '宠', '物'],
  food: ['eat', 'food', 'rice', 'noodles', 'hungry', '吃', '饭', '面', '饿'],
  weather: ['rain', 'weather', 'sunny', 'cloud', '雨', '天', '气', '晴', '下'],
  swords: ['sword', 'fight', 'blade', '剑', '刀', '打'],
  music: ['song', 'sing', 'music', '歌', '唱', '音', '乐'],
};

const COMMON = ['the', 'a', 'is', 'i', 'my', 'and', 'with', 'we', '我', '的', '了', '是', '和', '.', ',', '!', '?', '。', '，', '##s'];

function vector(entries: [number, number][]): number[] {
  const v = new Array<number>(TINY_DIMENSIONS).fill(0);
  for (const [dim, value] of entries) v[dim] = value;
  return v;
}

/** One vocabulary entry: the token and its embedding row (values in [-1, 1]). */
export interface TinyToken {
  token: string;
  embedding: number[];
}

/**
 * The full vocabulary in id order: specials, the `query`/`passage` prefix words (each with
 * its own marker dimension, so a test can see which prefix reached the model), `:`,
 * function words, then topic words (weight 1 on the topic, a little on `common`).
 */
export function tinyVocabulary(): TinyToken[] {
  const specials: TinyToken[] = SPECIAL_TOKENS.map((token) => ({
    token,
    embedding: token === '[PAD]' ? vector([]) : vector([[Dim.common, token === '[UNK]' ? 0.3 : 0.2]]),
  }));
  const prefixes: TinyToken[] = [
    {
      token: 'query',
      embedding: vector([
        [Dim.query, 0.6],
        [Dim.common, 0.2],
      ]),
    },
    {
      token: 'passage',
      embedding: vector([
        [Dim.passage, 0.6],
        [Dim.common, 0.2],
      ]),
    },
    { token: ':', embedding: vector([[Dim.common, 0.2]]) },
  ];
  const common: TinyToken[] = COMMON.map((token, i) => ({ token, embedding: vector([[Dim.common, 0.25 + 0.01 * i]]) }));
  const topical: TinyToken[] = Object.entries(TOPICS).flatMap(([topic, words]) =>
    words.map((token, i) => ({
      token,
      embedding: vector([
        [Dim[topic as keyof typeof TOPICS], 1],
        [Dim.common, 0.05 * i],
      ]),
    })),
  );
  return [...specials, ...prefixes, ...common, ...topical];
}
