import { describe, expect, it } from 'vitest';
import { parseContinuation, parseUserLine, type ContinueParseContext } from './prefill-parse.ts';

const en = { name: 'Ada', userName: 'Me', language: 'en' as const };
const zh = { name: '林黛玉', userName: '宝玉', language: 'zh' as const };
const raw = (before: string): ContinueParseContext => ({ ...en, prefixed: true, before });
const chat = (before: string): ContinueParseContext => ({ ...en, prefixed: false, before });

describe('parseContinuation, raw prompt (output continues inside the quote)', () => {
  it('appends the output verbatim; a stop means the closing quote was reached', () => {
    expect(parseContinuation(' there, friend.', 'stop', raw('Hello'))).toEqual({
      text: 'Hello there, friend.',
      raw: 'Ada: "Hello there, friend."',
      added: ' there, friend.',
      closed: true,
      interruptReason: undefined,
    });
  });

  it('stays open and interrupted at the token limit or on Stop; streaming shows the text so far', () => {
    expect(parseContinuation(' and then', 'length', raw('So')).interruptReason).toBe('max-tokens');
    expect(parseContinuation(' and then', 'length', raw('So'))).toMatchObject({ text: 'So and then', raw: 'Ada: "So and then', closed: false });
    expect(parseContinuation(' and', 'abort', raw('So')).interruptReason).toBe('user-stop');
    expect(parseContinuation(' and ', null, raw('So')).text).toBe('So and');
  });

  it("cuts where another speaker's line begins", () => {
    expect(parseContinuation(' end.\nMe: "What?', 'stop', raw('The')).text).toBe('The end.');
    expect(parseContinuation(' end.\nAda: "More', 'stop', raw('The')).text).toBe('The end.');
  });

  it('joins Chinese without spaces and closes with the corner bracket', () => {
    const out = parseContinuation('葬花。', 'stop', { ...zh, prefixed: true, before: '我在' });
    expect(out).toMatchObject({ text: '我在葬花。', raw: '林黛玉：「我在葬花。」', closed: true });
  });
});

describe('parseContinuation, chat-only (the model writes the rest itself)', () => {
  it('strips an echo of Name: " and the old text, and drops what follows the closing quote', () => {
    expect(parseContinuation('Ada: "Hello there." She waves.', 'stop', chat('Hello'))).toMatchObject({ text: 'Hello there.', closed: true });
    expect(parseContinuation('Hello there."', 'stop', chat('Hello'))).toMatchObject({ text: 'Hello there.', closed: true });
    expect(parseContinuation('"Hello there."', 'stop', chat('Hello')).text).toBe('Hello there.');
  });

  it('adds the space an English word needs, but not before punctuation', () => {
    expect(parseContinuation('there."', 'stop', chat('Hello')).text).toBe('Hello there.');
    expect(parseContinuation(', friend."', 'stop', chat('Hello')).text).toBe('Hello, friend.');
    expect(parseContinuation('  there."', 'stop', chat('Hello')).text).toBe('Hello there.');
  });

  it('shows nothing new while the output may still be an echo, and strips an empty think block', () => {
    expect(parseContinuation('Ada: "Hel', null, chat('Hello world')).text).toBe('Hello world');
    expect(parseContinuation('<think>\n\n</think>\n\nAd', null, chat('Hello')).text).toBe('Hello');
    expect(parseContinuation('<think>', null, chat('Hello')).text).toBe('Hello');
    expect(parseContinuation('<think>\n\n</think>\n\n world."', 'stop', chat('Hello')).text).toBe('Hello world.');
  });

  it('keeps nested quotes opened in the old text', () => {
    expect(parseContinuation(' wait,” he said."', 'stop', chat('He said “wait')).text).toBe('He said “wait wait,” he said.');
    expect(parseContinuation('” he said."', 'stop', chat('He said “wait')).text).toBe('He said “wait” he said.');
  });

  it('a closing quote alone adds nothing but closes the line', () => {
    expect(parseContinuation('"', 'stop', chat('Done.'))).toMatchObject({ text: 'Done.', added: '', closed: true, raw: 'Ada: "Done."' });
  });

  it('Chinese: leading whitespace is dropped', () => {
    expect(parseContinuation(' 葬花。」', 'stop', { ...zh, prefixed: false, before: '我在' }).text).toBe('我在葬花。');
  });
});

describe('parseUserLine', () => {
  it("reads the user's line: prefixed output stops at the quote; actions become *…*", () => {
    expect(parseUserLine('(bows) Good evening.', 'stop', { ...en, prefixed: true })).toMatchObject({ text: '*bows* Good evening.' });
    expect(parseUserLine('Good evening.\nAda: "Hi"', 'stop', { ...en, prefixed: true }).text).toBe('Good evening.');
  });

  it('strips the name and quotes a chat-mode model writes', () => {
    expect(parseUserLine('<think>\n\n</think>\n\nMe: "Tell me more." ', 'stop', { ...en, prefixed: false }).text).toBe('Tell me more.');
    expect(parseUserLine('宝玉：「妹妹，我来了。」', 'stop', { ...zh, prefixed: false }).text).toBe('妹妹，我来了。');
    expect(parseUserLine('Me: "Tell', null, { ...en, prefixed: false }).text).toBe('Tell');
  });
});
