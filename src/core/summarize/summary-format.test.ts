import { describe, expect, it } from 'vitest';
import type { MemoryId, PersonaId } from '../ids.ts';
import type { Memory } from '../memory.ts';
import { renderSceneSummary, type SceneSummary } from './scene-summary.ts';
import { activeSummaries } from './summary-coverage.ts';
import { formatSummariesForPrompt } from './summary-format.ts';

function summary(id: string, fromSeq: number, toSeq: number, level: number, text: string, createdAt = 1): Memory {
  return {
    id: id as MemoryId,
    personaId: 'p' as PersonaId,
    kind: 'summary',
    text,
    importance: 5,
    pinned: false,
    createdAt,
    updatedAt: createdAt,
    lastAccessedAt: createdAt,
    accessCount: 0,
    range: { fromSeq, toSeq },
    level,
  };
}

const scene: SceneSummary = {
  speakers: ['Alice', 'Me'],
  topic: 'Planning the trip',
  facts: ['Alice booked the 9:40 train', 'Tom joins later'],
  promises: [],
  names: ['Alice', 'Tom'],
  numbers: ['9:40'],
};

describe('renderSceneSummary', () => {
  it('renders labelled lines, leaving empty fields out', () => {
    expect(renderSceneSummary(scene, 'en')).toBe(
      'Topic: Planning the trip\nSpeakers: Alice, Me\nFacts: Alice booked the 9:40 train; Tom joins later\nNames: Alice, Tom\nNumbers: 9:40',
    );
  });

  it('renders Chinese labels and punctuation', () => {
    const zh: SceneSummary = { speakers: ['林黛玉', '我'], topic: '赏花', facts: ['黛玉葬花', '约好明天再来'], promises: [], names: ['宝玉'], numbers: [] };
    expect(renderSceneSummary(zh, 'zh')).toBe('话题：赏花\n人物：林黛玉、我\n要点：黛玉葬花；约好明天再来\n名字：宝玉');
  });

  it('is stable: same input, byte-identical output', () => {
    expect(renderSceneSummary(structuredClone(scene), 'en')).toBe(renderSceneSummary(scene, 'en'));
  });
});

describe('activeSummaries', () => {
  it('hides summaries covered by a higher level, keeps order by range', () => {
    const a = summary('a', 0, 9, 0, 'A');
    const b = summary('b', 10, 19, 0, 'B');
    const ab = summary('ab', 0, 19, 1, 'AB');
    const c = summary('c', 20, 29, 0, 'C');
    expect(activeSummaries([c, a, ab, b]).map((s) => s.id)).toEqual(['ab', 'c']);
  });

  it('keeps only the newest of two summaries of the same range and level', () => {
    const old = summary('old', 0, 9, 0, 'old', 1);
    const redo = summary('redo', 0, 9, 0, 'redo', 2);
    expect(activeSummaries([redo, old]).map((s) => s.id)).toEqual(['redo']);
  });

  it('ignores memories that are not summaries or lack a range', () => {
    const fact: Memory = { ...summary('f', 0, 1, 0, 'fact'), kind: 'fact' };
    const { range: _r, ...noRange } = summary('n', 0, 1, 0, 'no range');
    expect(activeSummaries([fact, noRange as Memory])).toEqual([]);
  });
});

describe('formatSummariesForPrompt', () => {
  const memories = [summary('c', 20, 29, 0, 'Topic: C\r\nFacts: c  '), summary('ab', 0, 19, 1, 'Topic: AB'), summary('a', 0, 9, 0, 'Topic: A')];

  it('renders active summaries oldest first under a header', () => {
    expect(formatSummariesForPrompt(memories, 'en')).toBe(
      'Earlier in this conversation (summaries, oldest first):\n\nTopic: AB\n\nTopic: C\nFacts: c',
    );
    expect(formatSummariesForPrompt(memories, 'zh').startsWith('此前的对话（摘要，按时间顺序）：\n\nTopic: AB')).toBe(true);
  });

  it('is byte-identical whatever the input order, and empty without summaries', () => {
    const again = formatSummariesForPrompt([...memories].reverse().map((m) => structuredClone(m)), 'en');
    expect(again).toBe(formatSummariesForPrompt(memories, 'en'));
    expect(formatSummariesForPrompt([], 'en')).toBe('');
  });
});
