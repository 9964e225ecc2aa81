import { describe, expect, it } from 'vitest';
import { plainTextHtml } from '../../core/markdown/plain-paragraphs.ts';
import { escapeHtml, markdownToHtml } from './markdown-to-html.ts';

describe('markdownToHtml (before sanitizing)', () => {
  it('renders role-play actions in italics and bold', () => {
    expect(markdownToHtml('*waves* "Hello," she says. **Stop!**')).toBe('<p><em>waves</em> &quot;Hello,&quot; she says. <strong>Stop!</strong></p>');
  });

  it('keeps single line breaks and paragraphs', () => {
    expect(markdownToHtml('one\ntwo\n\nthree')).toBe('<p>one<br>two</p>\n<p>three</p>');
  });

  it.each([
    '<img src=x onerror="window.pwned=1">',
    '<svg onload=alert(1)><circle/></svg>',
    '<style>body{background:red}</style>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<script>alert(1)</script>',
    'text <b onclick="x()">bold</b> more',
    '<a href="javascript:alert(1)">x</a>',
  ])('shows raw HTML as text: %s', (payload) => {
    const html = markdownToHtml(payload);
    expect(html).not.toMatch(/<(img|svg|style|iframe|script|b|a)[\s>]/i);
    expect(html).toContain('&lt;');
  });

  it('drops images and unsafe link targets, keeping their text', () => {
    expect(markdownToHtml('![alt text](https://evil.test/x.png)')).toBe('<p>alt text</p>');
    expect(markdownToHtml('[click](javascript:alert(1))')).toBe('<p>click</p>');
    expect(markdownToHtml('[click]( JAVASCRIPT:alert(1))')).toBe('<p>click</p>');
    expect(markdownToHtml('[data](data:text/html;base64,PHNjcmlwdD4=)')).toBe('<p>data</p>');
    expect(markdownToHtml('[ok](https://example.com/a?b=1&c=2 "title")')).toBe('<p><a href="https://example.com/a?b=1&amp;c=2">ok</a></p>');
    expect(markdownToHtml('mail [me](mailto:a@b.c)')).toBe('<p>mail <a href="mailto:a@b.c">me</a></p>');
  });

  it('escapes every HTML-special character', () => {
    expect(escapeHtml(`<a href="x" title='y'>&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;');
  });
});

/** What the page shows of markdownToHtml's output once sanitized: quotes are written as characters again. */
const asSerialized = (html: string) => html.replaceAll('&quot;', '"').replaceAll('&#39;', "'");

describe('plainTextHtml (core/markdown) against the Markdown path', () => {
  it.each([
    '"Good evening. The engine is quiet tonight, so we may talk."',
    "Mr Babbage disagrees, of course. He usually doesn't, until he agrees.",
    'How does it know what to do next?',
    'one\ntwo\n\nthree',
    'First paragraph.\n\n\nSecond, after two blank lines.',
    '“你好，”她说。今天的天气很好。\n我们走吧。',
    'A well-known fact: 7 hives, 3 of them new (this year).',
    'Price: 5 pounds, or 10% off.',
  ])('gives the HTML the full path gives: %s', (text) => {
    expect(plainTextHtml(text)).toBe(asSerialized(markdownToHtml(text)));
  });
});
