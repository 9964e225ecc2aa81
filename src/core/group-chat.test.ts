import { describe, expect, it } from 'vitest';
import { inChinese } from '../../test/support/in-chinese.ts';
import type { Chat } from './chat.ts';
import { ValidationError } from './errors/index.ts';
import {
  addMember,
  addressedIn,
  castList,
  groupFields,
  isGroupChat,
  MAX_GROUP_MEMBERS,
  membersOf,
  nextSpeaker,
  removeMember,
  setMuted,
  speakerName,
  speakerOf,
  type TurnOrder,
} from './group-chat.ts';
import type { ChatId, MessageId, PersonaId } from './ids.ts';
import type { Message } from './message.ts';
import { joinNames } from './persona/index.ts';

const MAREN = { id: 'maren' as PersonaId, name: 'Maren Holt' };
const TOBIN = { id: 'tobin' as PersonaId, name: 'Tobin' };
const ADA = { id: 'ada' as PersonaId, name: 'Ada Quill' };
const LIN = { id: 'lin' as PersonaId, name: '林晚' };
const CAST = [MAREN, TOBIN, ADA, LIN];

function group(turnOrder: TurnOrder = 'list', muted: PersonaId[] = []): Chat {
  return {
    id: 'c' as ChatId,
    personaId: MAREN.id,
    title: 'Harbour',
    createdAt: 1,
    updatedAt: 1,
    members: CAST.map((p) => (muted.includes(p.id) ? { personaId: p.id, muted: true } : { personaId: p.id })),
    turnOrder,
  };
}

let seq = 0;
function line(text: string): Message {
  seq += 1;
  return { id: `m${seq}` as MessageId, chatId: 'c' as ChatId, seq, role: 'user', text, status: 'complete', createdAt: seq, updatedAt: seq };
}
function reply(speaker: PersonaId | undefined, text = 'Hm.'): Message {
  seq += 1;
  return {
    id: `m${seq}` as MessageId,
    chatId: 'c' as ChatId,
    seq,
    role: 'assistant',
    text,
    status: 'complete',
    createdAt: seq,
    updatedAt: seq,
    ...(speaker ? { speakerId: speaker } : {}),
  };
}

/** The ValidationError `fn` throws, with its catalogue key (fails the test when it throws anything else or nothing). */
function refusal(fn: () => unknown): { code: string; key: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return { code: error.code, key: error.text.key };
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('addressedIn: the member the user names first', () => {
  it('answers to the full name and to the first word of a Latin name', () => {
    expect(addressedIn('Maren Holt, is the lamp lit?', CAST)).toBe(MAREN.id);
    expect(addressedIn('Is the lamp lit, maren?', CAST)).toBe(MAREN.id);
    expect(addressedIn('What do you think, Ada?', CAST)).toBe(ADA.id);
    expect(addressedIn('TOBIN! Over here.', CAST)).toBe(TOBIN.id);
  });

  it('matches Latin names as whole words only', () => {
    expect(addressedIn('Marenka brought the bread.', CAST)).toBeNull();
    expect(addressedIn('The tobinite ore is rare.', CAST)).toBeNull();
    expect(addressedIn('Adaline is not here.', CAST)).toBeNull();
    expect(addressedIn('Maren’s boat is late.', CAST)).toBe(MAREN.id);
    expect(addressedIn('(Tobin) look at this', CAST)).toBe(TOBIN.id);
  });

  it('finds a Chinese name inside a sentence, without spaces', () => {
    expect(addressedIn('我想问林晚一个问题。', CAST)).toBe(LIN.id);
    expect(addressedIn('林晚，你好', CAST)).toBe(LIN.id);
    expect(addressedIn('林先生来了', CAST)).toBeNull();
  });

  it('finds a Latin name written next to Chinese characters', () => {
    expect(addressedIn('Tobin你好', CAST)).toBe(TOBIN.id);
    expect(addressedIn('我问一下Ada吧', CAST)).toBe(ADA.id);
    expect(addressedIn('我问一下Adaline吧', CAST)).toBeNull();
  });

  it('the earliest mention wins, whatever the order of the members', () => {
    expect(addressedIn('Tobin, tell Maren the boat is in.', CAST)).toBe(TOBIN.id);
    expect(addressedIn('Tell Maren that Tobin is back.', CAST)).toBe(MAREN.id);
    expect(addressedIn('Ada Quill and Maren Holt, come here.', [...CAST].reverse())).toBe(ADA.id);
    expect(addressedIn('问林晚和Tobin吧', CAST)).toBe(LIN.id);
    expect(addressedIn('问Tobin和林晚吧', CAST)).toBe(TOBIN.id);
  });

  it('does not call a character by a first word shorter than three letters', () => {
    const al = { id: 'al' as PersonaId, name: 'Al Brant' };
    expect(addressedIn('Al, come here', [al])).toBeNull();
    expect(addressedIn('Al Brant, come here', [al])).toBe(al.id);
  });

  it('is null when nobody is named', () => {
    expect(addressedIn('Is anyone there?', CAST)).toBeNull();
    expect(addressedIn('', CAST)).toBeNull();
  });
});

describe('nextSpeaker', () => {
  const never = () => {
    throw new Error('random must not be drawn');
  };

  it('a named member answers, muted or not, in every turn order', () => {
    for (const order of ['list', 'random', 'pick'] as const) {
      const chat = group(order, [TOBIN.id]);
      expect(nextSpeaker(chat, CAST, [reply(MAREN.id), line('Tobin, your turn.')], never)).toBe(TOBIN.id);
    }
  });

  it('a named persona that is not a member does not answer', () => {
    const chat = { ...group('pick'), members: [{ personaId: MAREN.id }, { personaId: ADA.id }] };
    expect(nextSpeaker(chat, CAST, [line('Tobin?')], never)).toBeNull();
  });

  it('list: the next member after the last speaker, skipping muted ones, wrapping round', () => {
    const chat = group('list', [TOBIN.id]);
    expect(nextSpeaker(chat, CAST, [reply(undefined), line('Hello.')], never)).toBe(ADA.id);
    expect(nextSpeaker(chat, CAST, [reply(MAREN.id), line('Hello.')], never)).toBe(ADA.id);
    expect(nextSpeaker(chat, CAST, [reply(ADA.id), line('Hello.')], never)).toBe(LIN.id);
    expect(nextSpeaker(chat, CAST, [reply(LIN.id), line('Hello.')], never)).toBe(MAREN.id);
    expect(nextSpeaker(chat, CAST, [reply(TOBIN.id), line('Hello.')], never)).toBe(ADA.id);
  });

  it('list: the first member open to speak when no character has spoken yet', () => {
    expect(nextSpeaker(group('list'), CAST, [line('Hello.')], never)).toBe(MAREN.id);
    expect(nextSpeaker(group('list', [MAREN.id]), CAST, [line('Hello.')], never)).toBe(TOBIN.id);
  });

  it('list: the last speaker answers again when it is the only one open', () => {
    const chat = group('list', [TOBIN.id, ADA.id, LIN.id]);
    expect(nextSpeaker(chat, CAST, [reply(MAREN.id), line('Hello.')], never)).toBe(MAREN.id);
  });

  it('list: a last speaker who left the chat starts the round from the top', () => {
    const chat = { ...group('list'), members: [{ personaId: TOBIN.id }, { personaId: ADA.id }] };
    expect(nextSpeaker(chat, CAST, [reply(MAREN.id), line('Hello.')], never)).toBe(TOBIN.id);
  });

  it('random: never the last speaker while another can speak, across the whole range of the draw', () => {
    const chat = group('random', [TOBIN.id]);
    const history = [reply(ADA.id), line('Hello.')];
    const picked = [0, 0.25, 0.49, 0.5, 0.75, 0.999_999].map((r) => nextSpeaker(chat, CAST, history, () => r));
    expect(picked).toEqual([MAREN.id, MAREN.id, MAREN.id, LIN.id, LIN.id, LIN.id]);
    expect(nextSpeaker(chat, CAST, history, () => 1)).toBe(LIN.id);
  });

  it('random: the only member open to speak, even when it spoke last', () => {
    const chat = group('random', [TOBIN.id, ADA.id, LIN.id]);
    expect(nextSpeaker(chat, CAST, [reply(MAREN.id), line('Hello.')], () => 0.7)).toBe(MAREN.id);
  });

  it('pick: nobody until the user picks', () => {
    expect(nextSpeaker(group('pick'), CAST, [reply(MAREN.id), line('Hello.')], never)).toBeNull();
  });

  it('a member whose persona is missing is never picked', () => {
    const present = [MAREN, ADA];
    expect(nextSpeaker(group('list'), present, [reply(MAREN.id), line('Hello.')], never)).toBe(ADA.id);
    expect(nextSpeaker(group('list'), present, [reply(MAREN.id), line('Tobin?')], never)).toBe(ADA.id);
    expect(nextSpeaker(group('list', [MAREN.id, ADA.id]), present, [line('Hello.')], never)).toBeNull();
  });

  it('reads the user’s newest line, not an earlier one', () => {
    const history = [line('Tobin, you first.'), reply(TOBIN.id), line('And now?')];
    expect(nextSpeaker(group('list'), CAST, history, never)).toBe(ADA.id);
  });
});

describe('members', () => {
  const solo: Chat = { id: 'c' as ChatId, personaId: MAREN.id, title: 't', createdAt: 1, updatedAt: 1 };

  it('a one-to-one chat has its persona as its only member and is not a group chat', () => {
    expect(isGroupChat(solo)).toBe(false);
    expect(membersOf(solo)).toEqual([{ personaId: MAREN.id }]);
    expect(isGroupChat(group())).toBe(true);
    expect(isGroupChat({ members: [{ personaId: MAREN.id }] })).toBe(true);
  });

  it('membersOf gives copies (changing them changes nothing stored)', () => {
    const chat = group();
    const members = membersOf(chat);
    (members[0] as { muted?: boolean }).muted = true;
    expect(chat.members?.[0]).toEqual({ personaId: MAREN.id });
  });

  it('speakerOf: the message’s speaker, else the chat’s persona', () => {
    expect(speakerOf(reply(ADA.id), solo)).toBe(ADA.id);
    expect(speakerOf(reply(undefined), solo)).toBe(MAREN.id);
  });

  it('groupFields: the first is the host, the order kept', () => {
    expect(groupFields([TOBIN.id, MAREN.id], 'random')).toEqual({
      personaId: TOBIN.id,
      members: [{ personaId: TOBIN.id }, { personaId: MAREN.id }],
      turnOrder: 'random',
    });
    expect(groupFields([TOBIN.id, MAREN.id]).turnOrder).toBe('list');
  });

  it('groupFields refuses repeats, too few and too many, each with its reason', () => {
    expect(refusal(() => groupFields([MAREN.id, TOBIN.id, MAREN.id]))).toEqual({ code: 'invalid', key: 'group.error.repeated' });
    expect(refusal(() => groupFields([MAREN.id]))).toEqual({ code: 'invalid', key: 'group.error.tooFew' });
    expect(refusal(() => groupFields([]))).toEqual({ code: 'invalid', key: 'group.error.tooFew' });
    const many = Array.from({ length: MAX_GROUP_MEMBERS + 1 }, (_, i) => `p${i}` as PersonaId);
    expect(refusal(() => groupFields(many))).toEqual({ code: 'invalid', key: 'group.error.tooMany' });
    expect(groupFields(many.slice(0, MAX_GROUP_MEMBERS)).members).toHaveLength(MAX_GROUP_MEMBERS);
  });

  it('addMember: a one-to-one chat becomes a group chat with its persona first', () => {
    const next = addMember(solo, ADA.id);
    expect(next.members).toEqual([{ personaId: MAREN.id }, { personaId: ADA.id }]);
    expect(next.turnOrder).toBe('list');
    expect(next.personaId).toBe(MAREN.id);
    expect(solo.members).toBeUndefined();
    expect(addMember({ ...group('pick'), members: [{ personaId: MAREN.id }] }, ADA.id).turnOrder).toBe('pick');
  });

  it('addMember refuses a member already in and a full group', () => {
    expect(refusal(() => addMember(group(), TOBIN.id))).toEqual({ code: 'invalid', key: 'group.error.alreadyIn' });
    expect(refusal(() => addMember(solo, MAREN.id))).toEqual({ code: 'invalid', key: 'group.error.alreadyIn' });
    const full = { ...solo, members: Array.from({ length: MAX_GROUP_MEMBERS }, (_, i) => ({ personaId: `p${i}` as PersonaId })) };
    expect(refusal(() => addMember(full, ADA.id))).toEqual({ code: 'invalid', key: 'group.error.tooMany' });
  });

  it('removeMember: the others stay in order; when the host leaves, the next member hosts', () => {
    const chat = group('list', [ADA.id]);
    expect(removeMember(chat, TOBIN.id)).toMatchObject({
      personaId: MAREN.id,
      members: [{ personaId: MAREN.id }, { personaId: ADA.id, muted: true }, { personaId: LIN.id }],
    });
    const hostLeft = removeMember(chat, MAREN.id);
    expect(hostLeft.personaId).toBe(TOBIN.id);
    expect(hostLeft.members?.map((m) => m.personaId)).toEqual([TOBIN.id, ADA.id, LIN.id]);
    expect(chat.members).toHaveLength(4);
  });

  it('removeMember refuses a persona that is not a member, and the last member', () => {
    expect(refusal(() => removeMember(group(), 'nobody' as PersonaId))).toEqual({ code: 'invalid', key: 'group.error.notIn' });
    expect(refusal(() => removeMember(solo, MAREN.id))).toEqual({ code: 'invalid', key: 'group.error.lastMember' });
    const last = { ...solo, members: [{ personaId: MAREN.id }] };
    expect(refusal(() => removeMember(last, MAREN.id))).toEqual({ code: 'invalid', key: 'group.error.lastMember' });
  });

  it('setMuted mutes and unmutes (an unmuted member carries no flag)', () => {
    const muted = setMuted(group(), ADA.id, true);
    expect(muted.members?.[2]).toEqual({ personaId: ADA.id, muted: true });
    expect(setMuted(muted, ADA.id, false).members?.[2]).toEqual({ personaId: ADA.id });
  });

  it('setMuted refuses a persona that is not a member, and muting the last one open to speak', () => {
    expect(refusal(() => setMuted(group(), 'nobody' as PersonaId, true))).toEqual({ code: 'invalid', key: 'group.error.notIn' });
    const oneOpen = group('list', [MAREN.id, TOBIN.id, ADA.id]);
    expect(refusal(() => setMuted(oneOpen, LIN.id, true))).toEqual({ code: 'invalid', key: 'group.error.allMuted' });
    expect(refusal(() => setMuted(solo, MAREN.id, true))).toEqual({ code: 'invalid', key: 'group.error.allMuted' });
  });

  it('a refusal tells the user what to do, in English and Chinese', () => {
    let error: unknown;
    try {
      removeMember(group(), 'nobody' as PersonaId);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/Reload the chat/);
    expect(inChinese(error as ValidationError)).toMatch(/请重新打开聊天/);
  });
});

describe('who said what, by name', () => {
  const cast = new Map([
    ['maren', 'Maren'],
    ['tobin', ' Tobin '],
    ['lin', '林晚'],
  ]);

  it('speakerName: the speaker’s name in the cast, else the chat’s character', () => {
    expect(speakerName(reply(TOBIN.id), 'Maren', cast)).toBe(' Tobin ');
    expect(speakerName(reply(undefined), 'Maren', cast)).toBe('Maren');
    expect(speakerName(reply('gone' as PersonaId), 'Maren', cast)).toBe('Maren');
    expect(speakerName(reply(TOBIN.id), 'Maren')).toBe('Maren');
  });

  it('castList: the character first, then the cast, each once; without a cast the character as given', () => {
    expect(castList('Maren', cast)).toEqual(['Maren', 'Tobin', '林晚']);
    expect(castList('Ada', cast)).toEqual(['Ada', 'Maren', 'Tobin', '林晚']);
    expect(castList(' Maren ', undefined)).toEqual([' Maren ']);
    expect(castList(' Maren ', new Map())).toEqual([' Maren ']);
  });

  it('joinNames joins names as a sentence does, in either language', () => {
    expect(joinNames([], 'en')).toBe('');
    expect(joinNames(['Maren'], 'en')).toBe('Maren');
    expect(joinNames(['Maren', 'Tobin'], 'en')).toBe('Maren and Tobin');
    expect(joinNames(['Maren', 'Tobin', 'Ada'], 'en')).toBe('Maren, Tobin and Ada');
    expect(joinNames(['林晚', '阿远', '小周'], 'zh')).toBe('林晚、阿远和小周');
  });
});
