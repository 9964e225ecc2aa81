import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-parser.ts';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Feeds `bytes` to a fresh parser cut at the given offsets; returns every event. */
function parseInChunks(bytes: Uint8Array, cuts: number[] = []): SseEvent[] {
  const parser = new SseParser();
  const events: SseEvent[] = [];
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    events.push(...parser.push(bytes.subarray(start, cut)));
    start = cut;
  }
  events.push(...parser.push(bytes.subarray(start)));
  events.push(...parser.end());
  return events;
}

const data = (...values: string[]): SseEvent[] => values.map((d) => ({ event: 'message', data: d }));

describe('SseParser', () => {
  it('parses several events in one chunk', () => {
    expect(parseInChunks(encode('data: a\n\ndata: b\n\ndata: [DONE]\n\n'))).toEqual(data('a', 'b', '[DONE]'));
  });

  it('joins a data line split across chunks', () => {
    const parser = new SseParser();
    expect(parser.push(encode('data: {"x"'))).toEqual([]);
    expect(parser.push(encode(':1}\n'))).toEqual([]);
    expect(parser.push(encode('\n'))).toEqual(data('{"x":1}'));
  });

  it('accepts CRLF and lone CR line ends, also with CRLF split between chunks', () => {
    expect(parseInChunks(encode('data: a\r\n\r\ndata: b\r\rdata: c\n\n'))).toEqual(data('a', 'b', 'c'));
    const parser = new SseParser();
    expect(parser.push(encode('data: a\r'))).toEqual([]);
    expect(parser.push(encode('\n\r'))).toEqual([]);
    expect(parser.push(encode('\ndata: b\r\n\r\n'))).toEqual(data('a', 'b'));
  });

  it('ignores comments and unknown fields, keeps event names and multi-line data', () => {
    const text = ': keep-alive\nretry: 10\nid: 7\nevent: error\ndata: line one\ndata:line two\n\n';
    expect(parseInChunks(encode(text))).toEqual([{ event: 'error', data: 'line one\nline two' }]);
  });

  it('does not dispatch an event without data', () => {
    expect(parseInChunks(encode('event: ping\n\n: only a comment\n\n'))).toEqual([]);
  });

  it('decodes UTF-8 characters split across chunks', () => {
    const bytes = encode('data: caf\u00e9 \u{1F600}\n\n');
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(parseInChunks(bytes, [cut])).toEqual(data('caf\u00e9 \u{1F600}'));
    }
  });

  it('returns an unterminated last event at the end of the body', () => {
    expect(parseInChunks(encode('data: a\n\ndata: tail'))).toEqual(data('a', 'tail'));
  });

  it('gives the same events for any chunking of the same bytes', () => {
    const payload = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ' '));
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(fc.array(fc.tuple(payload, ending), { maxLength: 6 }), fc.array(fc.nat(400)), (events, cuts) => {
        const text = events.map(([p, eol]) => `data: ${p}${eol}${eol}`).join('');
        const bytes = encode(text);
        const inRange = cuts.map((c) => c % (bytes.length + 1));
        expect(parseInChunks(bytes, inRange)).toEqual(parseInChunks(bytes));
        expect(parseInChunks(bytes)).toEqual(data(...events.map(([p]) => p)));
      }),
      { numRuns: 200 },
    );
  });
});
