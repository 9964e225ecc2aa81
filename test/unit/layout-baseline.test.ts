import { describe, expect, it } from 'vitest';
import { LAYOUT_TOLERANCE, layoutDifferences } from '../e2e/layout-baseline.ts';

describe('layoutDifferences (the phone screens’ layout check)', () => {
  const base = { boxes: { header: { x: 0, y: 0, width: 390, height: 52 }, tools: null }, colours: { page: 'rgb(15, 23, 42)' } };

  it('accepts moves within the tolerance', () => {
    const moved = { ...base, boxes: { ...base.boxes, header: { x: 0, y: LAYOUT_TOLERANCE, width: 390, height: 52 - LAYOUT_TOLERANCE } } };
    expect(layoutDifferences(base, moved)).toEqual([]);
  });

  it('names each edge that moved further, a part that appeared or went, and a changed colour', () => {
    const actual = {
      boxes: { header: { x: 0, y: 0, width: 390, height: 96 }, tools: { x: 8, y: 104, width: 374, height: 300 } },
      colours: { page: 'rgb(248, 250, 252)' },
    };
    expect(layoutDifferences(base, actual)).toEqual([
      'header: height 52 → 96',
      'tools: null → {"x":8,"y":104,"width":374,"height":300}',
      'colour of page: rgb(15, 23, 42) → rgb(248, 250, 252)',
    ]);
    expect(layoutDifferences(base, { boxes: { header: base.boxes.header } })).toEqual(['tools: no longer measured', 'colour of page: rgb(15, 23, 42) → none']);
  });
});
