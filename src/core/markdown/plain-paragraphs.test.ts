import { describe, expect, it } from 'vitest';
import { plainTextHtml } from './plain-paragraphs.ts';

describe('plainTextHtml', () => {
  it('makes paragraphs at blank lines and line breaks at single newlines', () => {
    expect(plainTextHtml('"Good evening."')).toBe('<p>"Good evening."</p>');
    expect(plainTextHtml('one\ntwo\n\n\nthree')).toBe('<p>one<br>two</p>\n<p>three</p>');
  });

  it.each([
    ['emphasis', '*waves* hello'],
    ['strong', 'a __bold__ move'],
    ['code', 'type `ls`'],
    ['a link', '[x](https://a.test)'],
    ['an autolink', 'see https://a.test now'],
    ['a www autolink', 'go to www.example.com'],
    ['an email autolink', 'write to ada@example.com'],
    ['raw HTML', 'a <b>b</b>'],
    ['an entity', 'fish &amp; chips'],
    ['a heading', '# Title'],
    ['a quote', 'said:\n> quoted'],
    ['a list', '- one\n- two'],
    ['an ordered list', 'Plan:\n1. go'],
    ['a list after a paragraph', 'intro\n2) next'],
    ['a setext heading', 'Title\n==='],
    ['indented code', '    code'],
    ['a table', 'a | b\n--|--\n1 | 2'],
    ['a no-break space', 'ten\u00a0pounds'],
    ['a trailing space', 'end '],
    ['a space opening a line', 'one\n two'],
    ['an ideographic space closing a line', '好\u3000\n的'],
    ['a leading blank line', '\nhello'],
    ['a carriage return', 'one\r\ntwo'],
    ['a strikethrough', '~~no~~'],
    ['a backslash escape', 'a \\* b'],
  ])('leaves %s to the full path', (_what, text) => {
    expect(plainTextHtml(text)).toBeNull();
  });
});
