import { describe, expect, it } from 'vitest';
import { normaliseForDedup, TextDedup } from './text-dedup.ts';
import { fillSlot } from './token-budget.ts';

const prompt = 'Alice: "I love green tea in the morning." 林黛玉：「我今天不想出门，外面下着大雨。」';

describe('TextDedup', () => {
  it('normalises case, width and punctuation', () => {
    expect(normaliseForDedup('Hello, ＷＯＲＬＤ!')).toBe('helloworld');
  });

  it('finds exact duplicates inside the prompt', () => {
    const d = new TextDedup(prompt);
    expect(d.duplicateKind('I LOVE green tea in the morning')).toBe('exact');
    expect(d.duplicateKind('外面下着大雨')).toBe('exact');
  });

  it('finds near duplicates and lets new text through', () => {
    const d = new TextDedup(prompt);
    expect(d.duplicateKind('Alice: I love green tea in the morning, really')).toBe('near');
    expect(d.duplicateKind('我今天不想出门，外面下着大雨啊')).toBe('near');
    expect(d.duplicateKind('Bob sold his horse to a merchant')).toBeUndefined();
    expect(d.duplicateKind('贾宝玉送给她一块手帕')).toBeUndefined();
  });

  it('remembers what was added', () => {
    const d = new TextDedup();
    d.add('The tower fell in the storm.');
    expect(d.isDuplicate('the tower fell in the storm')).toBe(true);
  });
});

describe('fillSlot', () => {
  const counter = { id: 'chars', count: (s: string) => s.length };

  it('fills greedily, skipping duplicates and items that do not fit', () => {
    const filled = fillSlot(['aaaa', 'bbbbbbbbbb', 'aaaa', 'cc', 'dd'], { budget: 8, counter, textOf: (s) => s, dedup: new TextDedup(), maxItems: 2 });
    expect(filled.chosen.map((c) => c.item)).toEqual(['aaaa', 'cc']);
    expect(filled.skipped).toEqual([
      { item: 'bbbbbbbbbb', why: 'over-budget' },
      { item: 'aaaa', why: 'duplicate' },
    ]);
    expect(filled.tokens).toBe(6);
  });
});
