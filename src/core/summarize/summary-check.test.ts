import { describe, expect, it } from 'vitest';
import type { SceneSummary } from './scene-summary.ts';
import { findMissingDetails, repairSummary } from './summary-check.ts';
import type { SourceLine } from './summary-request.ts';

const source = [
  { speaker: 'Me', text: 'When does the train leave? I have 2 tickets from Mr Lee.' },
  { speaker: 'Alice', text: 'At 9:40. Then we meet Tom at the Louvre. It costs 1,200 yuan in total.' },
];

const base: SceneSummary = {
  speakers: ['Alice', 'Me'],
  topic: 'The trip',
  facts: ['Alice says the train leaves at 9:40'],
  promises: [],
  names: ['Lee'],
  numbers: [],
};

describe('findMissingDetails', () => {
  it('lists numbers and names of the source that the summary does not mention', () => {
    const missing = findMissingDetails(source, base);
    expect(missing.numbers).toEqual(['2', '1200']);
    expect(missing.names).toEqual(['Tom', 'Louvre']);
  });

  it('is satisfied when everything is kept (thousands separators and full-width digits normalized)', () => {
    const full: SceneSummary = { ...base, facts: ['Alice: train at 9:40, ２ tickets, 1200 yuan; they meet Tom at the Louvre'] };
    expect(findMissingDetails(source, full)).toEqual({ names: [], numbers: [] });
  });

  it('does not count a number inside a longer one, nor a name inside a longer word', () => {
    const tricky: SceneSummary = { ...base, facts: ['12 tickets, 19:40, tomorrow at the Louvre', 'cost 1200'] };
    const missing = findMissingDetails(source, tricky);
    expect(missing.numbers).toEqual(['2', '9:40']);
    expect(missing.names).toEqual(['Tom']);
  });

  it('checks known names in Chinese text', () => {
    const zh = [{ speaker: '黛玉', text: '宝玉说明天去潇湘馆，带3本书。' }];
    const summary: SceneSummary = { speakers: ['黛玉', '我'], topic: '约定', facts: ['宝玉明天要来'], promises: [], names: [], numbers: [] };
    expect(findMissingDetails(zh, summary, ['宝玉', '潇湘馆', '袭人'])).toEqual({ names: ['潇湘馆'], numbers: ['3'] });
  });
});

describe('repairSummary', () => {
  it('adds the missing items and the sentences holding them, verbatim with the speaker', () => {
    const missing = findMissingDetails(source, base);
    const repaired = repairSummary(base, missing, source, 'en');
    expect(repaired.names).toEqual(['Lee', 'Tom', 'Louvre']);
    expect(repaired.numbers).toEqual(['2', '1200']);
    expect(repaired.facts).toEqual([
      'Alice says the train leaves at 9:40',
      'Alice: "Then we meet Tom at the Louvre."',
      'Me: "I have 2 tickets from Mr Lee."',
      'Alice: "It costs 1200 yuan in total."',
    ]);
    expect(findMissingDetails(source, repaired)).toEqual({ names: [], numbers: [] });
  });

  it('caps the number of added sentences but still lists every item', () => {
    const repaired = repairSummary(base, { names: ['Tom', 'Louvre'], numbers: ['2', '1200'] }, source, 'en', 1);
    expect(repaired.facts).toHaveLength(2);
    expect(repaired.numbers).toEqual(['2', '1200']);
  });

  it('quotes Chinese with 「」', () => {
    const zh = [{ speaker: '黛玉', text: '好的。明天带3本书。' }];
    const s: SceneSummary = { speakers: [], topic: '书', facts: [], promises: [], names: [], numbers: [] };
    expect(repairSummary(s, { names: [], numbers: ['3'] }, zh, 'zh').facts).toEqual(['黛玉：「明天带3本书。」']);
  });

  it('quotes a merged summary by its facts and promises, without their labels and never its lists', () => {
    const merged: SourceLine[] = [
      { speaker: '', text: 'Topic: bees\nFacts: The user keeps 7 hives at Ockham.; Ada saw the Engine in 1834.\nNumbers: 7, 1834' },
      { speaker: '', text: 'Topic: a visit\nPromises: Ada will visit in May.\nNames: Ockham' },
    ];
    const summary = { ...base, facts: [], promises: [], names: [], numbers: [] };
    const repaired = repairSummary(summary, findMissingDetails(merged, summary), merged, 'en');
    expect([...repaired.facts].sort()).toEqual(['Ada saw the Engine in 1834.', 'Ada will visit in May.', 'The user keeps 7 hives at Ockham.']);
    expect(repaired.numbers).toEqual(['7', '1834']);
  });
});
