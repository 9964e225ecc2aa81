import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from './csv.ts';

describe('CSV quoting', () => {
  it.each<[string | number | boolean | null | undefined, string]>([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line1\nline2', '"line1\nline2"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['你好，世界', '你好，世界'],
    ['“引号”, 和逗号', '"“引号”, 和逗号"'],
    [' padded', '" padded"'],
    [3.5, '3.5'],
    [-1, '-1'],
    [Number.NaN, ''],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
  ])('%j → %j', (cell, expected) => {
    expect(csvCell(cell)).toBe(expected);
  });

  it('protects text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('-rm')).toBe("'-rm");
    expect(csvCell('=1', false)).toBe('=1');
  });

  it('joins rows with CRLF after a BOM', () => {
    expect(
      toCsv([
        ['a', 'b'],
        ['c,d', 1],
      ]),
    ).toBe('\uFEFFa,b\r\n"c,d",1\r\n');
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });
});
