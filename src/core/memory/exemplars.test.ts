import { describe, expect, it } from 'vitest';
import { selectExemplars, type ExemplarCandidate } from './exemplars.ts';
import { parseSampleLines } from './sample-lines.ts';
import { TextDedup } from './text-dedup.ts';

const counter = { id: 'chars', count: (s: string) => s.length };

describe('parseSampleLines', () => {
  it('keeps the character lines with the line they answer', () => {
    const dialogue = [
      '<START>',
      '{{user}}: "Do you like tea?"',
      'Holmes: "Only when the case is dull."',
      '<START>',
      'Holmes: "The game is afoot!"',
      'Watson: "Again?"',
      '{{char}}: "Always, Watson."',
      'He smiles.',
    ].join('\n');
    const lines = parseSampleLines(dialogue, 'Holmes', 'Me');
    expect(lines.map((l) => l.text)).toEqual(['Holmes: "Only when the case is dull."', 'Holmes: "The game is afoot!"', 'Holmes: "Always, Watson."\nHe smiles.']);
    expect(lines[0]!.context).toBe('Me: "Do you like tea?"');
    expect(lines[1]!.context).toBeUndefined();
    expect(lines[0]!.speech).toBe('Only when the case is dull.');
  });

  it('parses Chinese full-width colons and corner quotes', () => {
    const lines = parseSampleLines('宝玉：「妹妹可曾读书？」\n林黛玉：「不曾读，只刚念了《四书》。」', '林黛玉');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.speech).toBe('不曾读，只刚念了《四书》。');
    expect(lines[0]!.text).toBe('林黛玉：「不曾读，只刚念了《四书》。」');
  });
});

describe('selectExemplars', () => {
  const lines: ExemplarCandidate[] = [
    { id: 'tea', text: 'H: "Tea is for dull cases."' },
    { id: 'violin', text: 'H: "Hand me my violin."' },
    { id: 'rain', text: 'H: "This rain will wash away the footprints."' },
  ];

  it('picks lines by BM25 when there are no vectors', () => {
    const picked = selectExemplars(lines, { text: 'Why do you play the violin?', k: 1, budget: 1000, tokenCounter: counter });
    expect(picked.chosen.map((c) => c.item.candidate.id)).toEqual(['violin']);
    expect(picked.chosen[0]!.item.method).toBe('bm25');
  });

  it('uses cosine when vectors exist', () => {
    const withVectors = lines.map((l, i) => ({ ...l, vector: Float32Array.from([i === 2 ? 1 : 0, i === 2 ? 0 : 1]) }));
    const picked = selectExemplars(withVectors, { text: 'violin', vector: Float32Array.from([1, 0]), k: 1, budget: 1000, tokenCounter: counter });
    expect(picked.chosen[0]!.item).toMatchObject({ method: 'cosine', score: 1, candidate: { id: 'rain' } });
  });

  it('fills up to the token budget and skips lines already in the prompt', () => {
    const picked = selectExemplars(lines, {
      text: 'tea violin rain',
      k: 3,
      budget: 50,
      tokenCounter: counter,
      dedup: new TextDedup('H: "Hand me my violin."'),
    });
    expect(picked.chosen.map((c) => c.item.candidate.id)).toEqual(['tea']);
    expect(picked.skipped.map((s) => [s.item.candidate.id, s.why])).toEqual([
      ['violin', 'duplicate'],
      ['rain', 'over-budget'],
    ]);
  });

  it('falls back to the original order when nothing matches', () => {
    const picked = selectExemplars(lines, { text: 'zebra', k: 2, budget: 1000, tokenCounter: counter });
    expect(picked.chosen.map((c) => [c.item.candidate.id, c.item.method])).toEqual([
      ['tea', 'none'],
      ['violin', 'none'],
    ]);
  });
});
