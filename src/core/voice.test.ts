import { describe, expect, it } from 'vitest';
import { readPersonaRecord, writePersonaRecord } from './backup/persona-record.ts';
import { readChatRecord } from './backup/chat-record.ts';
import { exportCardV3Json } from './cards/export-card.ts';
import { importCard } from './cards/import-card.ts';
import { SpeechError } from './errors/index.ts';
import { english } from './i18n/message.ts';
import type { PersonaId } from './ids.ts';
import { createPersona, validatePersonaInput, type PersonaVoice } from './persona/index.ts';
import {
  chunkText,
  isDefaultVoice,
  partsToRead,
  pickVoice,
  quotedRanges,
  readingPlan,
  spokenParts,
  voiceSettings,
  voicesFor,
  type SpeechVoice,
} from './voice.ts';

const voice = (voiceURI: string, lang: string, localService = true, isDefault = false): SpeechVoice => ({
  voiceURI,
  name: voiceURI,
  lang,
  localService,
  default: isDefault,
});

const VOICES: SpeechVoice[] = [
  voice('net-en', 'en-US', false, true),
  voice('espeak-en', 'en-GB'),
  voice('samantha', 'en_US'),
  voice('net-zh', 'zh-CN', false),
  voice('hk', 'zh-HK'),
  voice('tw', 'zh-TW'),
  voice('ting-ting', 'zh-CN'),
  voice('french', 'fr-FR'),
];

function failure(run: () => unknown): SpeechError {
  try {
    run();
  } catch (error) {
    if (error instanceof SpeechError) return error;
    throw error;
  }
  throw new Error('expected a SpeechError');
}

describe('what is read of a reply', () => {
  it('line form: the speech, leading actions as narration (English)', () => {
    expect(spokenParts('*smiles* Welcome, Tom. Sit down.', 'line', 'en')).toEqual([
      { kind: 'narration', text: 'smiles' },
      { kind: 'speech', text: 'Welcome, Tom. Sit down.' },
    ]);
    expect(partsToRead(spokenParts('*smiles* (bows) Welcome.', 'line', 'en'), 'skip', 'en')).toEqual([{ kind: 'speech', text: 'Welcome.' }]);
  });

  it('line form: inner quotes stay part of the line, Markdown marks are not read', () => {
    const parts = spokenParts('He said "no" to **me**, _twice_.', 'line', 'en');
    expect(parts).toEqual([{ kind: 'speech', text: 'He said no to me, twice.' }]);
  });

  it('line form in Chinese: （笑） and *动作* dropped, no spaces added', () => {
    const parts = spokenParts('（笑）*看着你*你来啦。「好久不见」！', 'line', 'zh');
    expect(partsToRead(parts, 'skip', 'zh')).toEqual([{ kind: 'speech', text: '你来啦。好久不见！' }]);
    expect(parts.filter((p) => p.kind === 'narration').map((p) => p.text)).toEqual(['笑看着你']);
  });

  it('scene form: quoted speech is read, narration in asterisks and plain prose is not', () => {
    const scene = '*She laughs.* "Loud?" She taps the glass. "Wait till the foghorn starts."';
    expect(partsToRead(spokenParts(scene, 'scene', 'en'), 'skip', 'en')).toEqual([{ kind: 'speech', text: 'Loud? Wait till the foghorn starts.' }]);
  });

  it('scene form with narration in another voice: parts in order, each its kind', () => {
    const scene = '*She laughs.* "Loud?" She taps the glass. “Wait till the foghorn starts.”';
    expect(partsToRead(spokenParts(scene, 'scene', 'en'), 'other-voice', 'en')).toEqual([
      { kind: 'narration', text: 'She laughs.' },
      { kind: 'speech', text: 'Loud?' },
      { kind: 'narration', text: 'She taps the glass.' },
      { kind: 'speech', text: 'Wait till the foghorn starts.' },
    ]);
  });

  it('scene form in Chinese: 「」 and 『』 are speech, the rest narration', () => {
    const scene = '林黛玉放下书，轻声道：「你来了。」\n\n她看向窗外。『雨还没停呢。』';
    const parts = spokenParts(scene, 'scene', 'zh');
    expect(parts).toEqual([
      { kind: 'narration', text: '林黛玉放下书，轻声道：' },
      { kind: 'speech', text: '你来了。' },
      { kind: 'narration', text: '她看向窗外。' },
      { kind: 'speech', text: '雨还没停呢。' },
    ]);
    expect(partsToRead(parts, 'skip', 'zh')).toEqual([{ kind: 'speech', text: '你来了。雨还没停呢。' }]);
  });

  it('scene without quotes: everything but the *narration* is speech; an unclosed quote runs to the end', () => {
    expect(partsToRead(spokenParts('*waves* Hello there. *grins* Come in!', 'scene', 'en'), 'skip', 'en')).toEqual([
      { kind: 'speech', text: 'Hello there. Come in!' },
    ]);
    expect(partsToRead(spokenParts('*nods* "I was about to', 'scene', 'en'), 'skip', 'en')).toEqual([{ kind: 'speech', text: 'I was about to' }]);
  });

  it('a reply of narration only has nothing to read when narration is skipped', () => {
    expect(partsToRead(spokenParts('*She says nothing.*', 'scene', 'en'), 'skip', 'en')).toEqual([]);
    expect(partsToRead(spokenParts('*…*', 'line', 'en'), 'other-voice', 'en')).toEqual([]);
  });

  it('finds the quoted speech of a text with its marks, as the chat styles it (English and Chinese quotes)', () => {
    const spans = (text: string) => quotedRanges(text).map(({ start, end }) => text.slice(start, end));
    expect(spans('She laughs. "Loud?" She taps the glass. “Wait till the foghorn starts.”')).toEqual(['"Loud?"', '“Wait till the foghorn starts.”']);
    expect(spans('他笑了。“好啊。”她说：「走吧。」又道『慢些』。')).toEqual(['“好啊。”', '「走吧。」', '『慢些』']);
    expect(spans('*she whispers "not yet"* "Now."')).toEqual(['"Now."']);
    expect(spans('No quotes here, only prose.')).toEqual([]);
    const open = 'He turns. "I was about to';
    expect(quotedRanges(open)).toEqual([{ start: 10, end: open.length }]);
  });

  it('long parts are cut at sentence ends into pieces of at most 200 characters', () => {
    const sentence = 'The engine weaves algebraic patterns as the loom weaves flowers. ';
    const chunks = chunkText(sentence.repeat(8).trim());
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.length <= 200 && c.endsWith('flowers.'))).toBe(true);
    expect(chunks.join(' ')).toBe(sentence.repeat(8).trim());
    const zh = chunkText('这是一句很长的话。'.repeat(40));
    expect(zh.every((c) => c.length <= 200 && c.endsWith('。'))).toBe(true);
    expect(zh.join('')).toBe('这是一句很长的话。'.repeat(40));
    expect(chunkText('word '.repeat(100).trim()).every((c) => c.length <= 200)).toBe(true);
  });
});

describe('picking a voice', () => {
  it('lists the voices of a language, offline ones first, mainland Mandarin before Taiwan and Hong Kong', () => {
    expect(voicesFor(VOICES, 'en').map((v) => v.voiceURI)).toEqual(['espeak-en', 'samantha', 'net-en']);
    expect(voicesFor(VOICES, 'zh').map((v) => v.voiceURI)).toEqual(['ting-ting', 'tw', 'hk', 'net-zh']);
  });

  it("uses the persona's voice when this device has it and it speaks the language", () => {
    expect(pickVoice(VOICES, 'en', 'net-en').voiceURI).toBe('net-en');
    expect(pickVoice(VOICES, 'zh', 'hk').voiceURI).toBe('hk');
  });

  it('falls back to a local voice of the language when the chosen one is missing or of another language', () => {
    expect(pickVoice(VOICES, 'en', 'gone-voice').voiceURI).toBe('espeak-en');
    expect(pickVoice(VOICES, 'zh', 'samantha').voiceURI).toBe('ting-ting');
  });

  it('takes a network voice when the language has no local one', () => {
    expect(pickVoice([voice('net-zh', 'zh-CN', false), voice('espeak-en', 'en')], 'zh').voiceURI).toBe('net-zh');
  });

  it('says why when there is no voice at all, or none of the language', () => {
    const none = failure(() => pickVoice([], 'en'));
    expect(none.code).toBe('no-voices');
    expect(none.message).toMatch(/offers no voices.*reload the page/);
    const noChinese = failure(() => pickVoice([voice('espeak-en', 'en-GB')], 'zh'));
    expect(noChinese.code).toBe('no-voice-for-language');
    expect(noChinese.message).toContain('No Chinese voice is installed');
  });
});

describe('the utterances of a reply', () => {
  it('reads speech in the character voice and narration in another voice of the language', () => {
    const settings: PersonaVoice = { voiceURI: 'samantha', rate: 1.2, pitch: 0.8, narration: 'other-voice' };
    const plan = readingPlan({ text: '*She smiles.* "Hello."', form: 'scene', language: 'en', voice: settings }, VOICES);
    expect(plan).toEqual([
      { text: 'She smiles.', voiceURI: 'espeak-en', lang: 'en-GB', rate: 1.2, pitch: 0.8 },
      { text: 'Hello.', voiceURI: 'samantha', lang: 'en_US', rate: 1.2, pitch: 0.8 },
    ]);
    const narrated = readingPlan({ text: '*笑*好。', form: 'line', language: 'zh', voice: { ...settings, narrationVoiceURI: 'tw' } }, VOICES);
    expect(narrated.map((u) => [u.text, u.voiceURI])).toEqual([
      ['笑', 'tw'],
      ['好。', 'ting-ting'],
    ]);
  });

  it('defaults: a local voice, rate and pitch 1, narration skipped', () => {
    expect(readingPlan({ text: '*waves* Hi!', form: 'line', language: 'en' }, VOICES)).toEqual([
      { text: 'Hi!', voiceURI: 'espeak-en', lang: 'en-GB', rate: 1, pitch: 1 },
    ]);
  });

  it('says so when a reply has nothing to read, after checking for a voice', () => {
    expect(failure(() => readingPlan({ text: '*She nods.*', form: 'scene', language: 'en' }, VOICES)).code).toBe('nothing-to-read');
    expect(failure(() => readingPlan({ text: '*She nods.*', form: 'scene', language: 'en' }, [])).code).toBe('no-voices');
  });

  it('keeps rate and pitch within their ranges and knows the defaults', () => {
    expect(voiceSettings({ rate: 9, pitch: -1, narration: 'skip' })).toEqual({ rate: 2, pitch: 0, narration: 'skip' });
    expect(voiceSettings(undefined)).toEqual({ rate: 1, pitch: 1, narration: 'skip' });
    expect(isDefaultVoice({ rate: 1, pitch: 1, narration: 'skip' })).toBe(true);
    expect(isDefaultVoice({ rate: 1, pitch: 1, narration: 'skip', voiceURI: 'x' })).toBe(false);
  });
});

describe('voice settings are kept with the persona', () => {
  const settings: PersonaVoice = { voiceURI: 'ting-ting', rate: 0.9, pitch: 1.3, narration: 'other-voice', narrationVoiceURI: 'tw' };

  it('validation names a rate or pitch out of range and an unknown narration choice', () => {
    expect(validatePersonaInput({ name: 'A', voice: settings })).toEqual([]);
    const errors = validatePersonaInput({ name: 'A', voice: { rate: 3, pitch: -0.5, narration: 'sing' } });
    expect(errors.map((e) => [e.field, e.key, e.params.detail])).toEqual([
      ['voice', 'out-of-range', 'rate'],
      ['voice', 'out-of-range', 'pitch'],
      ['voice', 'invalid-choice', undefined],
    ]);
    expect(english(errors[0]?.text ?? { key: 'voice.field' })).toContain('0.5');
  });

  it('in backups', () => {
    const persona = createPersona({ name: 'Lin', language: 'zh', voice: settings }, 'p1' as PersonaId, 1);
    const record = JSON.parse(JSON.stringify(writePersonaRecord(persona))) as unknown;
    expect(readPersonaRecord(record, 'personas[0]').voice).toEqual(settings);
    expect(() => readPersonaRecord({ ...(record as object), voice: { rate: 'fast', pitch: 1, narration: 'skip' } }, 'personas[0]')).toThrow(/voice\.rate/);
    const chat = { id: 'c1', personaId: 'p1', title: 'T', createdAt: 1, updatedAt: 1, autoRead: true };
    expect(readChatRecord(chat, 'chats[0]').autoRead).toBe(true);
    expect(() => readChatRecord({ ...chat, autoRead: 'yes' }, 'chats[0]')).toThrow(/autoRead/);
  });

  it('in exported cards (data.extensions.egos), rate and pitch kept in range on import', () => {
    const json = exportCardV3Json({ name: 'Lin', language: 'zh', voice: settings });
    const card = JSON.parse(json) as { data: { extensions: { egos: { voice: unknown } } } };
    expect(card.data.extensions.egos.voice).toEqual(settings);
    expect(importCard(new TextEncoder().encode(json), 'lin.json').persona.voice).toEqual(settings);
    card.data.extensions.egos.voice = { rate: 5, pitch: 1, narration: 'skip' };
    const clamped = importCard(new TextEncoder().encode(JSON.stringify(card)), 'lin.json');
    expect(clamped.persona.voice).toEqual({ rate: 2, pitch: 1, narration: 'skip' });
  });
});
