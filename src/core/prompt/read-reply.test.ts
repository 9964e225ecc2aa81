import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../llm-engine.ts';
import type { ReplyForm } from '../persona/index.ts';
import { sentForm } from './layouts.ts';
import { findClose, readContinuation, readReply, readUserTurn, type ReadContext } from './read-reply.ts';
import type { Speakers } from './reply-form.ts';

const en: Speakers = { name: 'Alice', userName: 'Tom', language: 'en' };
const zh: Speakers = { name: '林黛玉', userName: '宝玉', language: 'zh' };
const ctx = (form: ReplyForm, s: Speakers = en, prefixed = false): ReadContext => ({ ...s, form, prefixed });

/**
 * Outputs the way small models really write them, with what each reply form shows and what a
 * later prompt sends back (`raw` = the output verbatim when nothing was hidden, else the
 * canonical turn of the shown text).
 */
interface Case {
  what: string;
  raw: string;
  speakers?: Speakers;
  finish?: FinishReason;
  line: { shown: string; resent: 'raw' | string };
  scene: { shown: string; resent: 'raw' | string };
}

const CORPUS: Case[] = [
  {
    what: 'one clean line',
    raw: 'Alice: "The lamp is lit."',
    line: { shown: 'The lamp is lit.', resent: 'raw' },
    scene: { shown: '"The lamp is lit."', resent: 'raw' },
  },
  {
    what: 'narration after the closing quote',
    raw: 'Alice: "Every night." She turns back to the sea.',
    line: { shown: 'Every night.', resent: 'Alice: "Every night."' },
    scene: { shown: '"Every night." She turns back to the sea.', resent: 'raw' },
  },
  {
    what: 'several quoted parts with actions (the usual role-play shape)',
    raw: 'Alice: *smiles* "Hello." *He bows.* "Welcome to Vienna, sir."',
    line: { shown: '*smiles* Hello.', resent: 'Alice: *smiles* "Hello."' },
    scene: { shown: '*smiles* "Hello." *He bows.* "Welcome to Vienna, sir."', resent: 'raw' },
  },
  {
    what: 'a straight double quote inside the speech',
    raw: 'Alice: "He said "no" to me, can you believe it?"',
    line: { shown: 'He said "no" to me, can you believe it?', resent: 'raw' },
    scene: { shown: '"He said "no" to me, can you believe it?"', resent: 'raw' },
  },
  {
    what: 'curly quotes and an apostrophe',
    raw: 'Alice: “I’m here,” she said.',
    line: { shown: 'I’m here,', resent: 'Alice: "I’m here,"' },
    scene: { shown: '“I’m here,” she said.', resent: 'raw' },
  },
  {
    what: 'running on into the user’s line',
    raw: 'Alice: "Fine."\nTom: "Really?"',
    line: { shown: 'Fine.', resent: 'Alice: "Fine."' },
    scene: { shown: '"Fine."', resent: 'Alice: "Fine."' },
  },
  {
    what: 'a stray <|im_end|> and the next turn leaked as text',
    raw: 'Alice: "Goodnight."<|im_end|>\n<|im_start|>user\nTom: "Night."',
    line: { shown: 'Goodnight.', resent: 'Alice: "Goodnight."' },
    scene: { shown: '"Goodnight."', resent: 'Alice: "Goodnight."' },
  },
  {
    what: 'a thinking block with content',
    raw: '<think>\nThe user wants a greeting.\n</think>\n\nAlice: "Welcome."',
    line: { shown: 'Welcome.', resent: 'Alice: "Welcome."' },
    scene: { shown: '"Welcome."', resent: 'Alice: "Welcome."' },
  },
  {
    what: "Qwen3's empty thinking block (as WebLLM stores the reply)",
    raw: '<think>\n\n</think>\n\nAlice: *nods* "Every night."',
    line: { shown: '*nods* Every night.', resent: 'raw' },
    scene: { shown: '*nods* "Every night."', resent: 'raw' },
  },
  {
    what: 'the name in bold',
    raw: '**Alice:** "Hello there."',
    line: { shown: 'Hello there.', resent: 'raw' },
    scene: { shown: '"Hello there."', resent: 'raw' },
  },
  {
    what: 'no Name: at all',
    raw: '"Hello there."',
    line: { shown: 'Hello there.', resent: 'Alice: "Hello there."' },
    scene: { shown: '"Hello there."', resent: 'Alice: "Hello there."' },
  },
  {
    what: 'speech without quotes',
    raw: 'Alice: Hello, I am here!',
    line: { shown: 'Hello, I am here!', resent: 'raw' },
    scene: { shown: 'Hello, I am here!', resent: 'raw' },
  },
  {
    what: 'a second line of its own',
    raw: 'Alice: "Hi."\n\nAlice: "Are you cold?"',
    line: { shown: 'Hi.', resent: 'Alice: "Hi."' },
    scene: { shown: '"Hi."\n\n"Are you cold?"', resent: 'raw' },
  },
  {
    what: 'prose over paragraphs',
    raw: 'Alice: *She sets down the lamp.* "You came."\n\n*A gust rattles the window.* "Sit by the fire."',
    line: { shown: '*She sets down the lamp.* You came.', resent: 'Alice: *She sets down the lamp.* "You came."' },
    scene: { shown: '*She sets down the lamp.* "You came."\n\n*A gust rattles the window.* "Sit by the fire."', resent: 'raw' },
  },
  {
    what: 'a Chinese line with nested quotes',
    speakers: zh,
    raw: '林黛玉：「他说『不必了』，我便回来了。」',
    line: { shown: '他说『不必了』，我便回来了。', resent: 'raw' },
    scene: { shown: '「他说『不必了』，我便回来了。」', resent: 'raw' },
  },
  {
    what: 'a Chinese line with narration after it',
    speakers: zh,
    raw: '林黛玉：（微微一笑）「葬花。」说罢转身走了。',
    line: { shown: '*微微一笑*葬花。', resent: '林黛玉：*微微一笑*「葬花。」' },
    scene: { shown: '（微微一笑）「葬花。」说罢转身走了。', resent: 'raw' },
  },
  {
    what: 'English quotes in a Chinese chat',
    speakers: zh,
    raw: '林黛玉："I know."',
    line: { shown: 'I know.', resent: 'raw' },
    scene: { shown: '"I know."', resent: 'raw' },
  },
  {
    what: 'a Chinese reply running into the user’s line',
    speakers: zh,
    raw: '<think>\n\n</think>\n\n林黛玉：「你来了。」\n宝玉：「我来了。」',
    line: { shown: '你来了。', resent: '林黛玉：「你来了。」' },
    scene: { shown: '「你来了。」', resent: '林黛玉：「你来了。」' },
  },
];

describe('readReply: the output corpus, per reply form', () => {
  for (const c of CORPUS) {
    for (const form of ['line', 'scene'] as const) {
      it(`${form}: ${c.what}`, () => {
        const s = c.speakers ?? en;
        const reading = readReply(c.raw, c.finish ?? 'stop', ctx(form, s));
        const want = c[form];
        expect(reading.text).toBe(want.shown);
        expect(reading.raw).toBe(c.raw);
        const resent = sentForm({ role: 'assistant', text: reading.text, raw: c.raw, status: 'complete' }, s, form);
        expect(resent).toBe(want.resent === 'raw' ? c.raw : want.resent);
        // Whatever is sent back was shown: the hidden part never reaches a later prompt.
        if (reading.hidden.trim() !== '') expect(resent).not.toContain(reading.hidden.trim());
      });
    }
  }
});

describe('readReply: streaming', () => {
  it('shows nothing while the output is only a think block or the start of the name', () => {
    for (const partial of ['<thi', '<think>\n\n', '<think>\n\n</think>\n\nAli', 'Alice', '**Alice']) {
      expect(readReply(partial, null, ctx('line')).text).toBe('');
    }
  });

  it('never shows the * of a leading action that is still open, nor half of an emoji', () => {
    expect(readReply('Alice: *smi', null, ctx('line')).text).toBe('');
    expect(readReply('Alice: *smiles* "He', null, ctx('line')).text).toBe('*smiles* He');
    expect(readReply('Alice: "Look \uD83D', null, ctx('line')).text).toBe('Look');
    expect(readReply('Alice: *She looks \uD83D', null, ctx('scene')).text).toBe('*She looks');
  });

  it('line: ended once text follows the closing quote, so the engine can be stopped; blank space does not end it', () => {
    expect(readReply('Alice: "Hi."', null, ctx('line')).ended).toBe(false);
    expect(readReply('Alice: "Hi."\n\n', null, ctx('line')).ended).toBe(false);
    const r = readReply('Alice: "Hi." She', null, ctx('line'));
    expect(r).toMatchObject({ text: 'Hi.', closed: true, ended: true });
  });

  it('scene: ended once another speaker’s line begins', () => {
    expect(readReply('Alice: *waves* "Hi."\n\nTom:', null, ctx('scene'))).toMatchObject({ text: '*waves* "Hi."', ended: true });
  });

  it('prefixed (raw prompt ending in Name: "): the output is the speech; a nested quote does not end it', () => {
    const r = readReply('He said "no" twice." She sighs.', null, ctx('line', en, true));
    expect(r).toMatchObject({ text: 'He said "no" twice.', closed: true, ended: true });
    expect(readReply(' *She sighs.* "Fine."', 'stop', ctx('scene', en, true)).text).toBe('*She sighs.* "Fine."');
  });
});

describe('readReply: endings', () => {
  it('a line cut by the token limit stays open and is marked; Stop is marked user-stop', () => {
    expect(readReply('Alice: "I was going to', 'length', ctx('line'))).toMatchObject({ text: 'I was going to', closed: false, interruptReason: 'max-tokens' });
    expect(readReply('Alice: "I was', 'abort', ctx('line')).interruptReason).toBe('user-stop');
  });

  it('an empty reply, or one that never left its think block, is empty', () => {
    expect(readReply('', 'stop', ctx('line')).empty).toBe(true);
    expect(readReply('<think>\nhmm', 'length', ctx('scene'))).toMatchObject({ text: '', empty: true });
    expect(readReply('Alice: ""', 'stop', ctx('line')).empty).toBe(true);
  });
});

describe('findClose', () => {
  it('skips nested quotes in every style', () => {
    expect(findClose('He said "no" to me." Then', '"')).toBe(19);
    expect(findClose('“Wait,” she said.” x', '"')).toBe(17);
    expect(findClose('他说『好』。」之后', '「')).toBe(6);
    expect(findClose('Wait—" he said', '"')).toBe(5);
    expect(findClose('no close here', '"')).toBe(-1);
  });
});

describe('readContinuation', () => {
  const cont = (form: ReplyForm, before: string, prefixed: boolean, s: Speakers = en) => ({ ...ctx(form, s, prefixed), before });

  it('raw: goes on from the last character and closes at the quote', () => {
    expect(readContinuation(' and then the storm came." She shivers.', 'stop', cont('line', 'It was late', true))).toMatchObject({
      text: 'It was late and then the storm came.',
      raw: 'Alice: "It was late and then the storm came."',
      closed: true,
    });
  });

  it('chat: strips the echo of the prefix and the old text, adds a missing space', () => {
    expect(readContinuation('Alice: "It was late and then it rained."', 'stop', cont('line', 'It was late', false)).text).toBe(
      'It was late and then it rained.',
    );
    expect(readContinuation('then it rained."', 'stop', cont('line', 'It was late and', false)).text).toBe('It was late and then it rained.');
  });

  it('scene: keeps paragraphs and stops at the user’s line', () => {
    const r = readContinuation('\n\n*The door opens.* "Who is there?"\nTom: "Me."', 'stop', cont('scene', '*She listens.*', true));
    expect(r.text).toBe('*She listens.*\n\n*The door opens.* "Who is there?"');
    expect(r.raw).toBe('Alice: *She listens.*\n\n*The door opens.* "Who is there?"');
  });

  it('Chinese: joins without spaces and closes with the corner bracket', () => {
    expect(readContinuation('葬花。」', 'stop', cont('line', '我在', true, zh))).toMatchObject({
      text: '我在葬花。',
      raw: '林黛玉：「我在葬花。」',
      closed: true,
    });
  });
});

describe('readUserTurn', () => {
  it("reads the user's line without name and quotes, cut where the character speaks", () => {
    expect(readUserTurn('<think>\n\n</think>\n\nTom: "Tell me more."\nAlice: "Well…"', 'stop', ctx('line')).text).toBe('Tell me more.');
    expect(readUserTurn('(bows) Good evening."', 'stop', ctx('line', en, true)).text).toBe('*bows* Good evening.');
    expect(readUserTurn('宝玉：「妹妹，我来了。」', 'stop', ctx('line', zh)).text).toBe('妹妹，我来了。');
    expect(readUserTurn('Me: "Tell me more."\nAlice: "Well…"', 'stop', ctx('line')).text).toBe('Tell me more.');
    expect(readUserTurn('{{user}}: *leans in* Tell me more.', 'stop', ctx('scene')).text).toBe('*leans in* Tell me more.');
  });
});
