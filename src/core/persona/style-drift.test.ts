import { describe, expect, it } from 'vitest';
import type { Chat } from '../chat.ts';
import { ValidationError } from '../errors/index.ts';
import type { ChatId, MessageId, PersonaId } from '../ids.ts';
import type { Message } from '../message.ts';
import { DEFAULT_STYLE, type StyleSettings } from '../style-controls.ts';
import { createPersona, type Persona, type PersonaInit } from './persona.ts';
import { DRIFT_WINDOW, readStyle, styleCorrections, type StyleReading } from './style-drift.ts';
import { applyStyleOverride } from './style-merge.ts';
import { checkStyleOverride } from './style-values.ts';

const chat: Pick<Chat, 'personaId' | 'style'> = { personaId: 'p1' as PersonaId };

function persona(style: Partial<StyleSettings> = {}, init: Partial<PersonaInit> = {}): Persona {
  return createPersona({ name: 'Maren', style: { ...DEFAULT_STYLE, ...style }, ...init }, 'p1' as PersonaId, 1);
}

/** A chat's messages: the greeting, then a user line before each character reply. */
function messages(replies: readonly string[], extra: (i: number) => Partial<Message> = () => ({})): Message[] {
  const at = (seq: number, role: Message['role'], text: string, more: Partial<Message> = {}): Message => ({
    id: `m${seq}` as MessageId,
    chatId: 'c1' as ChatId,
    seq,
    role,
    text,
    status: 'complete',
    createdAt: seq,
    updatedAt: seq,
    ...more,
  });
  return [
    at(0, 'assistant', 'Welcome aboard! 😊 What brings you here?'),
    ...replies.flatMap((text, i) => [at(2 * i + 1, 'user', `Line ${i}.`), at(2 * i + 2, 'assistant', text, extra(i))]),
  ];
}

const control = (reading: StyleReading, id: string) => reading.controls.find((c) => c.id === id);

describe('readStyle: English replies', () => {
  it('waits for enough replies: a reading, but no drift under four (the greeting is not a reply)', () => {
    const reading = readStyle(persona({ emoji: 0 }), chat, messages(['Hi there 😊', 'Sure! 🎉', 'Yes 😀']));
    expect(reading.replies).toBe(3);
    expect(reading.enough).toBe(false);
    expect(control(reading, 'emoji')).toEqual({ id: 'emoji', target: 0, actual: 2, drifting: false });
    expect(styleCorrections(reading, 'en')).toEqual([]);
  });

  it('reads emoji where none is asked for as drift, and corrects it with the catalogue instruction', () => {
    const replies = ['Hello there 😊', 'The tide is high today. 🌊', 'I know the harbour well ^_^', 'We sail at dawn.', 'Bring a coat 🧥'];
    const reading = readStyle(persona({ emoji: 0 }), chat, messages(replies));
    expect(reading.enough).toBe(true);
    expect(reading.figures?.emojiShare).toBeCloseTo(0.8);
    expect(control(reading, 'emoji')).toMatchObject({ target: 0, actual: 2, drifting: true });
    expect(styleCorrections(reading, 'en')).toContainEqual({
      id: 'emoji',
      target: 0,
      actual: 2,
      note: 'Style reminder: Do not use emoji or kaomoji.',
    });
  });

  it('reads long replies where one sentence is asked for', () => {
    const long = 'The harbour is quiet tonight. The boats are in. My father built the pier. He worked for years on it. I still walk it every night.';
    const reading = readStyle(persona({ replyLength: 0 }), chat, messages([long, long, long, long]));
    expect(reading.figures?.sentencesPerReply).toBe(5);
    expect(control(reading, 'replyLength')).toMatchObject({ target: 0, actual: 2, drifting: true });
    expect(styleCorrections(reading, 'en').map((c) => c.note)).toContain('Style reminder: Reply with one short sentence.');
  });

  it('counts sentences through quotes, asterisks and ellipses, and several paragraphs', () => {
    const line = readStyle(persona(), chat, messages(['*smiles* "Welcome, traveller."', 'Well... maybe. "Who knows?"', 'Pi is 3.14, roughly!']));
    expect(line.figures?.sentencesPerReply).toBeCloseTo((1 + 3 + 1) / 3);
    const prose = 'One. Two. Three.\n\nFour. Five. Six.';
    const several = readStyle(persona({ replyLength: 3 }), chat, messages([prose, prose, prose, prose]));
    expect(several.figures?.paragraphsPerReply).toBe(2);
    expect(control(several, 'replyLength')).toMatchObject({ actual: 3, drifting: false });
  });

  it('reads narration, questions, exclamations and catchphrases', () => {
    const maren = persona(
      { narration: 0, initiative: 0, emotionalIntensity: 0, catchphraseFrequency: 0 },
      {
        behaviours: {
          catchphrases: ['Fair winds, {{user}}'],
          dialect: '',
          speakingStyle: '',
          frequentWords: [],
          personality: '',
          emotionalExpression: '',
          interactionPatterns: '',
        },
        user: { name: 'Tom', description: '' },
      },
    );
    const reply = '*She leans on the rail and watches the gulls wheel over the grey water.* Fair winds, Tom! Where are you headed?';
    const reading = readStyle(maren, chat, messages([reply, reply, reply, reply]));
    expect(reading.figures).toMatchObject({ questionShare: 1, catchphraseShare: 1 });
    expect(reading.figures?.narrationShare).toBeGreaterThan(0.35);
    expect(reading.figures?.exclamationShare).toBeCloseTo(1 / 3);
    expect(Object.fromEntries(reading.controls.map((c) => [c.id, c.actual]))).toMatchObject({
      narration: 2,
      initiative: 2,
      emotionalIntensity: 1,
      catchphraseFrequency: 2,
    });
    expect(styleCorrections(reading, 'en').map((c) => c.id)).toEqual(['emotionalIntensity', 'initiative', 'catchphraseFrequency', 'narration']);
  });

  it('reads formality from markers, and skips it when too few show', () => {
    const casual = readStyle(persona({ formality: 2 }), chat, messages(['Yeah, gonna be fun, dude.', "Nah, I'm good.", 'Hey, wanna come?', 'Yep.']));
    expect(casual.figures?.formality).toEqual({ casual: 7, everyday: 1, formal: 0 });
    expect(control(casual, 'formality')).toMatchObject({ actual: 0, drifting: true });
    expect(styleCorrections(casual, 'en').map((c) => c.note)).toContain('Style reminder: Speak formally and politely; avoid slang.');
    const formal = readStyle(persona({ formality: 0 }), chat, messages(['I am delighted, sir.', 'It is an honour.', 'We shall see.', 'I do not know.']));
    expect(control(formal, 'formality')).toMatchObject({ actual: 2, drifting: true });
    const everyday = readStyle(persona({ formality: 0 }), chat, messages(["I'm fine.", "It's late.", "You're kind.", "Don't worry."]));
    expect(control(everyday, 'formality')).toMatchObject({ actual: 1, drifting: true });
    const silent = readStyle(persona(), chat, messages(['Fine.', 'Late.', 'Kind.', 'Sure.']));
    expect(control(silent, 'formality')).toBeUndefined();
  });

  it('gives no correction for a neutral target, and measures neither humour nor warmth', () => {
    const reading = readStyle(persona({ initiative: 1 }), chat, messages(['Fine.', 'Fine.', 'Fine.', 'Fine.']));
    expect(control(reading, 'initiative')).toMatchObject({ target: 1, actual: 0, drifting: true });
    expect(styleCorrections(reading, 'en').map((c) => c.id)).not.toContain('initiative');
    expect(reading.controls.map((c) => c.id)).not.toContain('humour');
    expect(reading.controls.map((c) => c.id)).not.toContain('warmth');
    expect(reading.controls.map((c) => c.id)).not.toContain('catchphraseFrequency');
  });

  it('brief actions only allow them: speech only keeps to that level, rich narration drifts from it', () => {
    const speech = readStyle(persona({ narration: 1 }), chat, messages(['Yes.', 'No.', 'Maybe.', 'Fine.']));
    expect(control(speech, 'narration')).toMatchObject({ actual: 0, target: 1, drifting: false });
    const rich = '*She turns from the window, the lamp throwing her shadow long across the floor.* Yes.';
    expect(control(readStyle(persona({ narration: 1 }), chat, messages([rich, rich, rich, rich])), 'narration')).toMatchObject({ actual: 2, drifting: true });
  });

  it('on target: no drift, no correction', () => {
    const style = { replyLength: 1, emoji: 0, narration: 1, emotionalIntensity: 0, initiative: 0 };
    const reading = readStyle(persona(style), chat, messages(Array(6).fill('*nods* "Yes. I remember you."')));
    expect(reading.controls.filter((c) => c.drifting)).toEqual([]);
    expect(styleCorrections(reading, 'en')).toEqual([]);
    expect(reading.figures?.distinct1).toBeCloseTo(5 / 30);
  });

  it('measures only the newest complete replies, and in a group chat only the speaker’s own', () => {
    const many = [...Array(DRIFT_WINDOW).fill('Plain words.'), 'Joy 😊'];
    expect(readStyle(persona(), chat, messages(many)).replies).toBe(DRIFT_WINDOW);
    const cut = readStyle(
      persona(),
      chat,
      messages(['A 😊', 'B 😊', 'C', 'D', 'E'], (i) => (i < 2 ? { status: 'interrupted' } : {})),
    );
    expect(cut.replies).toBe(3);
    expect(cut.figures?.emojiShare).toBe(0);
    const group = messages(['Mine 😊', 'Theirs.', 'Mine again 😊'], (i) => ({ speakerId: (i === 1 ? 'p2' : 'p1') as PersonaId }));
    expect(readStyle(persona(), chat, group).replies).toBe(2);
    expect(readStyle(createPersona({ name: 'Tobin' }, 'p2' as PersonaId, 1), chat, group).figures?.emojiShare).toBe(0);
  });

  it('targets the chat’s own style on top of the persona’s', () => {
    const replies = ['Hello 😊', 'Hi 😊', 'Yo 😊', 'Hey 😊'];
    const withOwn = readStyle(persona({ emoji: 2 }), { ...chat, style: { emoji: 0 } }, messages(replies));
    expect(withOwn.target.emoji).toBe(0);
    expect(control(withOwn, 'emoji')).toMatchObject({ target: 0, drifting: true });
    expect(control(readStyle(persona({ emoji: 2 }), chat, messages(replies)), 'emoji')).toMatchObject({ target: 2, drifting: false });
  });
});

describe('readStyle: Chinese replies', () => {
  const lin = (style: Partial<StyleSettings>) =>
    persona(style, {
      name: '林晚',
      language: 'zh',
      behaviours: {
        catchphrases: ['没事的'],
        dialect: '',
        speakingStyle: '',
        frequentWords: [],
        personality: '',
        emotionalExpression: '',
        interactionPatterns: '',
      },
    });

  it('splits sentences at 。！？ without spaces and corrects in Chinese', () => {
    const long = '今天的海很平静。船都回来了。我父亲修了这座码头。他干了很多年。我每天晚上都会来走走！';
    const reading = readStyle(lin({ replyLength: 0 }), chat, messages([long, long, long, long]));
    expect(reading.figures?.sentencesPerReply).toBe(5);
    expect(control(reading, 'replyLength')).toMatchObject({ actual: 2, drifting: true });
    expect(styleCorrections(reading, 'zh')).toContainEqual({ id: 'replyLength', target: 0, actual: 2, note: '风格提醒：每次只回复一句简短的话。' });
  });

  it('reads quotes and narration in a Chinese line, questions, and catchphrases', () => {
    const reply = '*微笑着点点头*「没事的，你想去哪儿？」';
    const reading = readStyle(lin({ replyLength: 0, narration: 0, initiative: 0 }), chat, messages([reply, reply, reply, reply]));
    expect(reading.figures?.sentencesPerReply).toBe(1);
    expect(reading.figures).toMatchObject({ questionShare: 1, catchphraseShare: 1 });
    expect(control(reading, 'narration')).toMatchObject({ actual: 2, drifting: true });
    expect(styleCorrections(reading, 'zh').map((c) => c.note)).toEqual([
      '风格提醒：跟随对方：回答问题，但很少主动提问或转换话题。',
      '风格提醒：只写说出的话，不描写动作。',
    ]);
  });

  it('reads 您 and polite words as formal, colloquial particles as casual', () => {
    const formal = readStyle(lin({ formality: 0 }), chat, messages(['您好，请问您需要什么？', '在下明白。', '请您稍等。', '承蒙关照。']));
    expect(control(formal, 'formality')).toMatchObject({ actual: 2, drifting: true });
    expect(styleCorrections(formal, 'zh').map((c) => c.note)).toContain('风格提醒：说话随意，像和好朋友聊天，可以用口语和俚语。');
    const casual = readStyle(lin({ formality: 2 }), chat, messages(['哈哈，你咋来啦！', '啥事呀？', '没事嘛。', '走呗。']));
    expect(control(casual, 'formality')).toMatchObject({ actual: 0, drifting: true });
  });

  it('counts kaomoji and emoji, and distinct-n on characters', () => {
    const reading = readStyle(lin({ emoji: 0 }), chat, messages(['好的(´▽`)', '嗯嗯😊', '来啦~', '再见T_T']));
    expect(reading.figures?.emojiShare).toBe(0.75);
    expect(reading.figures?.distinct1).toBeGreaterThan(0.8);
  });
});

describe('chat style values', () => {
  it('go on top of the persona’s, clamped; none leaves the persona’s style as it is', () => {
    const style = { ...DEFAULT_STYLE };
    expect(applyStyleOverride(style, undefined)).toBe(style);
    expect(applyStyleOverride(style, { emoji: 2, replyLength: 9 })).toEqual({ ...style, emoji: 2, replyLength: 3 });
  });

  it('are checked: unknown controls and levels out of scale are refused with what to do', () => {
    expect(checkStyleOverride({ emoji: 2, narration: 0 })).toEqual({ emoji: 2, narration: 0 });
    expect(checkStyleOverride({})).toBeNull();
    const refusal = (input: Record<string, unknown>): ValidationError | null => {
      try {
        checkStyleOverride(input);
        return null;
      } catch (error) {
        return error instanceof ValidationError ? error : null;
      }
    };
    expect(refusal({ emoji: 3 })).toMatchObject({ code: 'invalid', message: 'Emoji and kaomoji takes a level from 0 to 2. Pick one of its levels.' });
    expect(refusal({ sarcasm: 1 })).toMatchObject({ code: 'invalid', message: expect.stringMatching(/no style control "sarcasm"/) });
    expect(refusal({ warmth: 1.5 })?.code).toBe('invalid');
  });
});
