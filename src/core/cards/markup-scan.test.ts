import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { english } from '../i18n/message.ts';
import { containsMarkup, findMarkupFields, markupWarning } from './markup-scan.ts';

describe('containsMarkup', () => {
  it.each([
    '<script>alert(1)</script>',
    '< SCRIPT src=x>',
    '<img src=x>',
    '<iframe src="https://x">',
    '<svg><a/></svg>',
    '<div onclick="x()">',
    "<a href='#' onMouseOver = steal()>",
    'see javascript:alert(1)',
    '<a href="data:text/html,hi">',
  ])('flags %s', (text) => expect(containsMarkup(text)).toBe(true));

  it.each(['plain text', 'a < b > c', 'turn on = off', '*smiles* <3', '「你好」', 'images are nice', 'onclick=x without a tag'])('leaves %s alone', (text) =>
    expect(containsMarkup(text)).toBe(false),
  );

  it('stays fast on hostile input (no catastrophic backtracking)', () => {
    const hostile = ['<a '.repeat(300_000), `<a${' on'.repeat(300_000)}`, `<a ${'o'.repeat(1_000_000)}`, 'javascript'.repeat(100_000)];
    const started = performance.now();
    for (const text of hostile) expect(containsMarkup(text)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('findMarkupFields / markupWarning', () => {
  it('lists the paths with markup and caps the list', () => {
    const paths = findMarkupFields([
      ['name', 'Ann'],
      ['description', '<img src=x>'],
    ]);
    expect(paths).toEqual(['description']);
    expect(markupWarning([])).toBeUndefined();
    const many = Array.from({ length: 11 }, (_, i) => `f${i}`);
    const warning = markupWarning(many);
    expect(warning && english(warning)).toContain('f7 and 3 more');
    expect(inChinese(warning)).toContain('f7 等另外 3 处');
  });
});
