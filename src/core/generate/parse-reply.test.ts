import { describe, expect, it } from 'vitest';
import { parseReply, type ReplyParseContext } from './parse-reply.ts';

const single: ReplyParseContext = { name: 'Alice', userName: 'Me', language: 'en', prefixed: true };
const chat: ReplyParseContext = { ...single, prefixed: false };
const zhSingle: ReplyParseContext = { name: '林黛玉', userName: '宝玉', language: 'zh', prefixed: true };
const zhChat: ReplyParseContext = { ...zhSingle, prefixed: false };

describe('parseReply — single layout (output continues `Name: "`)', () => {
  it('keeps a reply that stopped at the closing quote (consumed as a stop string) and marks it closed', () => {
    const r = parseReply('Hello there.', 'stop', single);
    expect(r).toMatchObject({ text: 'Hello there.', speech: 'Hello there.', closed: true, empty: false, cut: null });
    expect(r.interruptReason).toBeUndefined();
  });

  it('cuts at the closing quote when the engine did not stop there, and flags the dropped tail', () => {
    const r = parseReply('Hello." She waves.', 'stop', single);
    expect(r).toMatchObject({ text: 'Hello.', closed: true, droppedTrailing: true });
  });

  it('keeps a reply cut by max tokens, marked, not closed', () => {
    const r = parseReply('It was a dark and stormy night, and the', 'length', single);
    expect(r).toMatchObject({ text: 'It was a dark and stormy night, and the', closed: false, interruptReason: 'max-tokens' });
  });

  it('maps an abort to user-stop', () => {
    expect(parseReply('Wait', 'abort', single).interruptReason).toBe('user-stop');
  });

  it('keeps a leading *action* as an italic action', () => {
    const r = parseReply('*smiles softly* Welcome back.', 'stop', single);
    expect(r).toMatchObject({ text: '*smiles softly* Welcome back.', action: 'smiles softly', speech: 'Welcome back.' });
  });

  it('turns a leading (action) into *action*', () => {
    expect(parseReply('(quietly) Over here.', 'stop', single).text).toBe('*quietly* Over here.');
  });

  it('cuts where the model starts writing the user line', () => {
    const r = parseReply('Sure.\nMe: "Then let us go', 'stop', single);
    expect(r).toMatchObject({ text: 'Sure.', cut: 'user-line' });
  });

  it('cuts at the user persona name as well as at Me', () => {
    const ctx = { ...single, userName: 'Tom' };
    expect(parseReply('Yes.\nTom: "no"', 'stop', ctx)).toMatchObject({ text: 'Yes.', cut: 'user-line' });
    expect(parseReply('Yes.\n**Me:** no', 'stop', ctx)).toMatchObject({ text: 'Yes.', cut: 'user-line' });
  });

  it("cuts a second line of the character's own", () => {
    expect(parseReply('One.\nAlice: "Two."', 'stop', single)).toMatchObject({ text: 'One.', cut: 'own-line' });
  });

  it('removes a stray leading quote (the model opened the quote again)', () => {
    expect(parseReply('"Hello."', 'stop', single)).toMatchObject({ text: 'Hello.', strayQuotes: true, closed: true });
  });

  it('removes a stray trailing quote mark of another style', () => {
    const r = parseReply('Fine, then”', 'stop', single);
    expect(r.text).toBe('Fine, then');
    expect(r.closed).toBe(true);
  });

  it('keeps nested curly quotes inside straight quotes', () => {
    expect(parseReply('He said “no” to me." Then', 'stop', single).text).toBe('He said “no” to me.');
  });

  it('flags an empty reply', () => {
    expect(parseReply('', 'stop', single)).toMatchObject({ text: '', empty: true });
    expect(parseReply('   ', 'stop', single).empty).toBe(true);
  });

  it('is not empty while still streaming', () => {
    expect(parseReply('', null, single)).toMatchObject({ text: '', empty: false, closed: false });
  });

  it('shows the partial speech while streaming', () => {
    expect(parseReply('*grins* Hel', null, single)).toMatchObject({ text: '*grins* Hel', closed: false });
  });

  it('returns raw unchanged', () => {
    const raw = ' "Hi." *waves*\nMe: x';
    expect(parseReply(raw, 'stop', single).raw).toBe(raw);
  });
});

describe('parseReply — chat layout (the model writes `Name: "` itself)', () => {
  it('strips the name prefix and ends at the closing quote', () => {
    const r = parseReply('Alice: "Good evening."', 'stop', chat);
    expect(r).toMatchObject({ text: 'Good evening.', closed: true, wrotePrefix: true, droppedTrailing: false });
  });

  it("strips Qwen3's empty thinking block", () => {
    const r = parseReply('<think>\n\n</think>\n\nAlice: "Hi."', 'stop', chat);
    expect(r).toMatchObject({ text: 'Hi.', wrotePrefix: true, closed: true });
  });

  it('shows nothing while the thinking block or the name prefix is streaming', () => {
    expect(parseReply('<think>\n\n</th', null, chat).text).toBe('');
    expect(parseReply('<think>\n\n</think>\n\nAli', null, chat).text).toBe('');
    expect(parseReply('Alice:', null, chat).text).toBe('');
    expect(parseReply('Alice: "', null, chat).text).toBe('');
    expect(parseReply('Alice: "Go', null, chat).text).toBe('Go');
  });

  it('shows text that is not the prefix while streaming', () => {
    expect(parseReply('<think>\n\n</think>\n\nHello', null, chat).text).toBe('Hello');
  });

  it('keeps an action written between the prefix and the quote', () => {
    const r = parseReply('Alice: *sets down the lamp* "Sit, please."', 'stop', chat);
    expect(r).toMatchObject({ text: '*sets down the lamp* Sit, please.', action: 'sets down the lamp', closed: true });
  });

  it('keeps an action written before the prefix', () => {
    expect(parseReply('*yawns* Alice: "Late again."', 'stop', chat)).toMatchObject({ text: '*yawns* Late again.', wrotePrefix: true });
  });

  it('accepts a bold name and curly quotes', () => {
    expect(parseReply('**Alice:** “Yes.”', 'stop', chat)).toMatchObject({ text: 'Yes.', closed: true, wrotePrefix: true });
  });

  it('handles a reply without prefix or quotes', () => {
    expect(parseReply('Just words', 'stop', chat)).toMatchObject({ text: 'Just words', wrotePrefix: false, closed: false });
  });

  it('drops narration after the closing quote', () => {
    expect(parseReply('Alice: "Bye." She leaves.', 'stop', chat)).toMatchObject({ text: 'Bye.', droppedTrailing: true });
  });

  it("cuts the user's next line before looking for the closing quote", () => {
    const r = parseReply('Alice: "Come in\nMe: "Thanks"', 'stop', chat);
    expect(r).toMatchObject({ text: 'Come in', cut: 'user-line', closed: false });
  });

  it('marks an unclosed reply cut by the limit', () => {
    expect(parseReply('Alice: "The storm will', 'length', chat)).toMatchObject({ text: 'The storm will', interruptReason: 'max-tokens', closed: false });
  });

  it('handles a name with regex characters', () => {
    const ctx = { ...chat, name: 'Dr. (K)' };
    expect(parseReply('Dr. (K): "Hm."', 'stop', ctx).text).toBe('Hm.');
  });
});

describe('parseReply — Chinese', () => {
  it('single layout: speech continues 「 and the closing 」 was the stop string', () => {
    expect(parseReply('你来了。', 'stop', zhSingle)).toMatchObject({ text: '你来了。', closed: true });
  });

  it('single layout: cuts at 」 and keeps nested 『』', () => {
    expect(parseReply('他说『走吧』。」她笑了。', 'stop', zhSingle)).toMatchObject({ text: '他说『走吧』。', closed: true, droppedTrailing: true });
  });

  it('turns a leading （…） into an action', () => {
    expect(parseReply('（轻轻叹气）罢了。', 'stop', zhSingle)).toMatchObject({ text: '*轻轻叹气* 罢了。', action: '轻轻叹气' });
  });

  it('chat layout: full-width colon and corner brackets', () => {
    expect(parseReply('林黛玉：「你又来了。」', 'stop', zhChat)).toMatchObject({ text: '你又来了。', closed: true, wrotePrefix: true });
  });

  it('chat layout: curly Chinese quotes and an ASCII colon', () => {
    expect(parseReply('林黛玉: “好。”', 'stop', zhChat)).toMatchObject({ text: '好。', closed: true });
  });

  it("cuts the user's line written with a full-width colon", () => {
    expect(parseReply('林黛玉：「嗯\n宝玉：「妹妹', 'stop', zhChat)).toMatchObject({ text: '嗯', cut: 'user-line' });
  });

  it('chat layout: Qwen3 thinking block before a Chinese line, unclosed at the limit', () => {
    const r = parseReply('<think>\n\n</think>\n\n林黛玉：（冷笑）「这花儿', 'length', zhChat);
    expect(r).toMatchObject({ text: '*冷笑* 这花儿', interruptReason: 'max-tokens', closed: false });
  });
});
